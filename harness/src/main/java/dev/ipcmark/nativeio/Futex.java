package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code futex(2)} wait and wake on a 32-bit word in memory shared between processes (so without
 * {@code FUTEX_PRIVATE_FLAG}). glibc has no wrapper; the call goes through {@code syscall}. An instance owns its timeout
 * buffer and belongs to one thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Futex {
    private static final long SYS_FUTEX = 202;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    // syscall(long number, ...): everything after the number is variadic.
    private static final MethodHandle SYSCALL = Libc.withErrno(
            "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(1));

    private final MemorySegment timeout = Timespec.allocate(Arena.ofAuto());

    /**
     * Sleeps while the word at {@code word} still holds {@code expected}, for at most {@code waitMs}; returns at once if
     * it does not. Spurious wake-ups are possible: the caller re-checks its condition.
     */
    public void await(MemorySegment word, int expected, long waitMs) {
        Timespec.setRelative(timeout, waitMs);
        MemorySegment state = Libc.state();
        try {
            long r = (long)
                    SYSCALL.invokeExact(state, SYS_FUTEX, word, FUTEX_WAIT, expected, timeout, MemorySegment.NULL, 0);
            int errno = Libc.errno(state);
            if (r < 0 && errno != Errno.EAGAIN && errno != Errno.EINTR && errno != Errno.ETIMEDOUT) {
                throw Libc.failure("futex(FUTEX_WAIT)", word.address(), state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Wakes up to {@code count} processes sleeping on {@code word}. */
    public static void wake(MemorySegment word, int count) {
        MemorySegment state = Libc.state();
        try {
            long r = (long) SYSCALL.invokeExact(
                    state, SYS_FUTEX, word, FUTEX_WAKE, count, MemorySegment.NULL, MemorySegment.NULL, 0);
            if (r < 0) {
                throw Libc.failure("futex(FUTEX_WAKE)", word.address(), state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
