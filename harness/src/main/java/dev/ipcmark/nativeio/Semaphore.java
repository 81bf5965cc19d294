package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Unnamed POSIX semaphores placed in shared memory ({@code sem_init} with {@code pshared = 1}), so two processes that
 * map the same segment share them. An instance owns its deadline buffer and belongs to one thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Semaphore {
    /** Bytes of a {@code sem_t} on x86-64 glibc. */
    public static final long BYTES = 32;

    private static final class SemInit {
        static final MethodHandle HANDLE =
                Libc.withErrno("sem_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    private static final MethodHandle SEM_POST = Libc.withErrno("sem_post", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_TIMEDWAIT =
            Libc.withErrno("sem_timedwait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private final MemorySegment deadline = Timespec.allocate(Arena.ofAuto());

    /** Initialises the process-shared semaphore at {@code sem} with {@code value}. */
    public static void init(MemorySegment sem, int value) {
        MemorySegment state = Libc.state();
        try {
            if ((int) SemInit.HANDLE.invokeExact(state, sem, 1, value) != 0) {
                throw Libc.failure("sem_init", value, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Increments the semaphore, waking one waiter. */
    public static void post(MemorySegment sem) {
        MemorySegment state = Libc.state();
        try {
            if ((int) SEM_POST.invokeExact(state, sem) != 0) {
                throw Libc.failure("sem_post", sem.address(), state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Decrements the semaphore, waiting up to {@code waitMs} for it to be positive; false on timeout or signal. */
    public boolean await(MemorySegment sem, long waitMs) {
        Timespec.setDeadline(deadline, waitMs);
        MemorySegment state = Libc.state();
        try {
            if ((int) SEM_TIMEDWAIT.invokeExact(state, sem, deadline) == 0) {
                return true;
            }
            int errno = Libc.errno(state);
            if (errno == Errno.ETIMEDOUT || errno == Errno.EINTR) {
                return false;
            }
            throw Libc.failure("sem_timedwait", sem.address(), state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
