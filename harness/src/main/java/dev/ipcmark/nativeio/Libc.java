package dev.ipcmark.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcall plumbing shared by the binding classes: symbol lookup, errno capture and the conversion of a failed
 * call into a {@link NativeException}.
 *
 * <p>A binding class makes the handles of the calls a message path makes per operation (read, write, pread, poll,
 * futex, the queues' send and receive …) with the class, in the case's set-up; a call made only in set-up, tear-down
 * or on an error path keeps its handle in a holder class of its own ({@code private static final class Open { static
 * final MethodHandle HANDLE = ...; }}), made when it is first called. The {@code setup} pattern, whose operations are
 * those set-ups, makes them in its first warm-up iteration. A handle costs a fresh JVM 2 to 15 ms per new function
 * shape (the linker generates bytecode for it and interprets the generator; async-profiler, 2026-12-01), and every
 * case starts two fresh JVMs: with every handle made with its class, each of them made 10 to 29 handles, 80 to 225
 * ms of its start, mostly for calls it never made. A holder's static final field is still a constant to the JIT
 * compiler.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();

    // One capture buffer per thread, so a hot call does not allocate; freed with the thread.
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private Libc() {}

    /** A downcall whose first argument is the errno capture buffer from {@link #state()}. */
    static MethodHandle withErrno(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    /** A downcall without errno capture, for calls that cannot fail. */
    static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name + " on this system"));
    }

    /** This thread's errno capture buffer. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The errno captured in {@code state} by the last call made with it. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The exception for a call that returned failure, with the captured errno. */
    static NativeException failure(String call, Object subject, MemorySegment state) {
        return new NativeException(call, String.valueOf(subject), errno(state));
    }

    /** Rethrows what a downcall threw: our own exceptions as they are, anything else wrapped. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
