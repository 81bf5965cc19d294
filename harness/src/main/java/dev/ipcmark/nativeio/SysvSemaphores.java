package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * System V semaphore sets ({@code semget}, {@code semtimedop}, {@code semctl}): kernel objects with ids, not memory, so
 * two processes share a set by its id. An instance owns its operation and timeout buffers and belongs to one thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class SysvSemaphores {
    /** What {@link #stat} learns of a set. */
    public record Stat(int key, long creatorUid, int mode, long semaphores) {}

    private static final int IPC_CREAT = 01000;
    private static final int IPC_EXCL = 02000;
    private static final int IPC_RMID = 0;
    private static final int IPC_STAT = 2;
    private static final int GETPID = 11;
    private static final int SETVAL = 16;
    private static final int MODE_0600 = 0600;
    // struct semid_ds on x86-64 glibc: 104 bytes; sem_perm.__key at 0, .cuid at 12, .mode at 20, sem_nsems at 80;
    // struct sembuf: unsigned short sem_num, short sem_op, short sem_flg (checked with offsetof).
    private static final long SEMID_DS_BYTES = 104;
    private static final long SEMBUF_BYTES = 6;

    private static final class Semget {
        static final MethodHandle HANDLE =
                Libc.withErrno("semget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final MethodHandle SEMTIMEDOP =
            Libc.withErrno("semtimedop", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    // semctl is variadic: its fourth argument (union semun, one machine word) follows the named three.
    private static final class SemctlWord {
        static final MethodHandle HANDLE = Libc.withErrno(
                "semctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
                Linker.Option.firstVariadicArg(3));
    }

    private static final class SemctlPointer {
        static final MethodHandle HANDLE = Libc.withErrno(
                "semctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
                Linker.Option.firstVariadicArg(3));
    }

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment operation = arena.allocate(SEMBUF_BYTES, 2);
    private final MemorySegment timeout = Timespec.allocate(arena);

    /** Creates a set of {@code count} semaphores (all 0) under {@code key} exclusively, mode 0600. */
    public static int create(int key, int count) {
        MemorySegment state = Libc.state();
        try {
            int id = (int) Semget.HANDLE.invokeExact(state, key, count, IPC_CREAT | IPC_EXCL | MODE_0600);
            if (id < 0) {
                throw Libc.failure("semget", "key 0x" + Integer.toHexString(key), state);
            }
            return id;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Sets semaphore {@code index} of set {@code id} to {@code value}. */
    public static void set(int id, int index, int value) {
        ctl(id, index, SETVAL, value, "semctl(SETVAL)");
    }

    /** The PID of the last process that operated on semaphore {@code index} of set {@code id} (0: none yet). */
    public static long lastPid(int id, int index) {
        return ctl(id, index, GETPID, 0, "semctl(GETPID)");
    }

    /** The key, creator, mode and size of set {@code id}. */
    public static Stat stat(int id) {
        MemorySegment state = Libc.state();
        try (Arena local = Arena.ofConfined()) {
            MemorySegment ds = local.allocate(SEMID_DS_BYTES, 8);
            if ((int) SemctlPointer.HANDLE.invokeExact(state, id, 0, IPC_STAT, ds) != 0) {
                throw Libc.failure("semctl(IPC_STAT)", "semid " + id, state);
            }
            return new Stat(
                    ds.get(JAVA_INT, 0),
                    Integer.toUnsignedLong(ds.get(JAVA_INT, 12)),
                    Short.toUnsignedInt(ds.get(JAVA_SHORT, 20)),
                    ds.get(JAVA_LONG, 80));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Removes set {@code id}, waking its waiters with EIDRM; a set that is gone already is no failure. */
    public static void remove(int id) {
        MemorySegment state = Libc.state();
        try {
            if ((int) SemctlWord.HANDLE.invokeExact(state, id, 0, IPC_RMID, 0L) != 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINVAL && errno != Errno.EIDRM) {
                    throw Libc.failure("semctl(IPC_RMID)", "semid " + id, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static int ctl(int id, int index, int command, long word, String call) {
        MemorySegment state = Libc.state();
        try {
            int result = (int) SemctlWord.HANDLE.invokeExact(state, id, index, command, word);
            if (result < 0) {
                throw Libc.failure(call, "semid " + id + " semaphore " + index, state);
            }
            return result;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Adds 1 to semaphore {@code index} of set {@code id}, waking a waiter. */
    public void post(int id, int index) {
        if (op(id, index, 1, 0) != 0) {
            throw new IllegalStateException("semop(+1) cannot time out");
        }
    }

    /**
     * Takes 1 from semaphore {@code index} of set {@code id}, waiting up to {@code waitMs} for it to be positive; false
     * on timeout or signal.
     */
    public boolean await(int id, int index, long waitMs) {
        return op(id, index, -1, waitMs) == 0;
    }

    // 0 when done, 1 when it timed out or a signal came.
    private int op(int id, int index, int delta, long waitMs) {
        operation.set(JAVA_SHORT, 0, (short) index);
        operation.set(JAVA_SHORT, 2, (short) delta);
        operation.set(JAVA_SHORT, 4, (short) 0);
        MemorySegment state = Libc.state();
        try {
            MemorySegment limit = MemorySegment.NULL;
            if (waitMs > 0) {
                Timespec.setRelative(timeout, waitMs);
                limit = timeout;
            }
            if ((int) SEMTIMEDOP.invokeExact(state, id, operation, 1L, limit) == 0) {
                return 0;
            }
            int errno = Libc.errno(state);
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return 1;
            }
            throw Libc.failure("semtimedop", "semid " + id + " semaphore " + index, state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
