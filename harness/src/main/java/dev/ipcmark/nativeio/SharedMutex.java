package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A pthread mutex and condition variable placed in shared memory ({@code PTHREAD_PROCESS_SHARED}), so two processes
 * that map the same segment share them: the classic "struct with data and a mutex" in shared memory. The mutex is
 * robust: a process that dies holding it leaves it to the next locker ({@code EOWNERDEAD}, made consistent again). Waits
 * take slices ({@code pthread_mutex_timedlock}, {@code pthread_cond_timedwait}) so that the caller can notice an abort.
 * An instance owns its deadline buffer and belongs to one thread. pthread functions return their error number.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class SharedMutex {
    /** Bytes of a {@code pthread_mutex_t} on x86-64 glibc. */
    public static final long MUTEX_BYTES = 40;
    /** Bytes of a {@code pthread_cond_t} on x86-64 glibc. */
    public static final long COND_BYTES = 48;

    private static final int PTHREAD_PROCESS_SHARED = 1;
    private static final int PTHREAD_MUTEX_ROBUST = 1;
    private static final long ATTR_BYTES = 8;

    private static final class MutexattrInit {
        static final MethodHandle HANDLE = call("pthread_mutexattr_init", ADDRESS);
    }

    private static final class MutexattrSetpshared {
        static final MethodHandle HANDLE = call("pthread_mutexattr_setpshared", ADDRESS, JAVA_INT);
    }

    private static final class MutexattrSetrobust {
        static final MethodHandle HANDLE = call("pthread_mutexattr_setrobust", ADDRESS, JAVA_INT);
    }

    private static final class MutexInit {
        static final MethodHandle HANDLE = call("pthread_mutex_init", ADDRESS, ADDRESS);
    }

    private static final MethodHandle MUTEX_TIMEDLOCK = call("pthread_mutex_timedlock", ADDRESS, ADDRESS);

    private static final class MutexConsistent {
        static final MethodHandle HANDLE = call("pthread_mutex_consistent", ADDRESS);
    }

    private static final MethodHandle MUTEX_UNLOCK = call("pthread_mutex_unlock", ADDRESS);

    private static final class CondattrInit {
        static final MethodHandle HANDLE = call("pthread_condattr_init", ADDRESS);
    }

    private static final class CondattrSetpshared {
        static final MethodHandle HANDLE = call("pthread_condattr_setpshared", ADDRESS, JAVA_INT);
    }

    private static final class CondInit {
        static final MethodHandle HANDLE = call("pthread_cond_init", ADDRESS, ADDRESS);
    }

    private static final MethodHandle COND_TIMEDWAIT = call("pthread_cond_timedwait", ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle COND_SIGNAL = call("pthread_cond_signal", ADDRESS);

    private final MemorySegment deadline = Timespec.allocate(Arena.ofAuto());

    private static MethodHandle call(String name, java.lang.foreign.MemoryLayout... arguments) {
        return Libc.plain(name, FunctionDescriptor.of(JAVA_INT, arguments));
    }

    /** Initialises a process-shared robust mutex at {@code mutex} and a process-shared condition at {@code cond}. */
    public static void init(MemorySegment mutex, MemorySegment cond) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mutexAttr = arena.allocate(ATTR_BYTES, 8);
            MemorySegment condAttr = arena.allocate(ATTR_BYTES, 8);
            check("pthread_mutexattr_init", (int) MutexattrInit.HANDLE.invokeExact(mutexAttr));
            check("pthread_mutexattr_setpshared", (int)
                    MutexattrSetpshared.HANDLE.invokeExact(mutexAttr, PTHREAD_PROCESS_SHARED));
            check("pthread_mutexattr_setrobust", (int)
                    MutexattrSetrobust.HANDLE.invokeExact(mutexAttr, PTHREAD_MUTEX_ROBUST));
            check("pthread_mutex_init", (int) MutexInit.HANDLE.invokeExact(mutex, mutexAttr));
            check("pthread_condattr_init", (int) CondattrInit.HANDLE.invokeExact(condAttr));
            check("pthread_condattr_setpshared", (int)
                    CondattrSetpshared.HANDLE.invokeExact(condAttr, PTHREAD_PROCESS_SHARED));
            check("pthread_cond_init", (int) CondInit.HANDLE.invokeExact(cond, condAttr));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Locks {@code mutex}, waiting up to {@code waitMs}; false on timeout. A mutex whose holder died is taken over and
     * made consistent (what it guards here, the rings' counters, is consistent at every store).
     */
    public boolean lock(MemorySegment mutex, long waitMs) {
        Timespec.setDeadline(deadline, waitMs);
        try {
            int error = (int) MUTEX_TIMEDLOCK.invokeExact(mutex, deadline);
            if (error == Errno.EOWNERDEAD) {
                check("pthread_mutex_consistent", (int) MutexConsistent.HANDLE.invokeExact(mutex));
                return true;
            }
            if (error == Errno.ETIMEDOUT) {
                return false;
            }
            check("pthread_mutex_timedlock", error);
            return true;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Unlocks {@code mutex}. */
    public static void unlock(MemorySegment mutex) {
        try {
            check("pthread_mutex_unlock", (int) MUTEX_UNLOCK.invokeExact(mutex));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Waits on {@code cond} with {@code mutex} held (released while waiting, held again on return) for up to
     * {@code waitMs}; the caller re-checks its condition either way.
     */
    public void await(MemorySegment cond, MemorySegment mutex, long waitMs) {
        Timespec.setDeadline(deadline, waitMs);
        try {
            int error = (int) COND_TIMEDWAIT.invokeExact(cond, mutex, deadline);
            if (error == Errno.EOWNERDEAD) {
                check("pthread_mutex_consistent", (int) MutexConsistent.HANDLE.invokeExact(mutex));
            } else if (error != Errno.ETIMEDOUT) {
                check("pthread_cond_timedwait", error);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Wakes one waiter on {@code cond}. */
    public static void signal(MemorySegment cond) {
        try {
            check("pthread_cond_signal", (int) COND_SIGNAL.invokeExact(cond));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void check(String call, int error) {
        if (error != 0) {
            throw new NativeException(call, "shared mutex", error);
        }
    }
}
