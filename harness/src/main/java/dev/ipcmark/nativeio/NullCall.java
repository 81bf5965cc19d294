package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * The cheapest real system call, {@code getppid(2)} (glibc no longer caches process ids, so it enters the kernel
 * every time): what a machine charges for crossing into the kernel and back, the floor under every IPC call. A
 * critical downcall, so the FFM transition adds as little as possible.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class NullCall {
    private static final MethodHandle GETPPID = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT),
                    Linker.Option.critical(false));

    private NullCall() {}

    /** Enters the kernel once and returns what getppid says. */
    public static int call() {
        try {
            return (int) GETPPID.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
