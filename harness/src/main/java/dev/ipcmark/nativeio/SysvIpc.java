package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * System V IPC: message queues ({@code msgget}, {@code msgsnd}, {@code msgrcv}, {@code msgctl}) and shared memory
 * segments ({@code shmget}, {@code shmat}, {@code shmdt}, {@code shmctl}). A message buffer is {@code struct msgbuf}:
 * an 8-byte type, then the text.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class SysvIpc {
    /** Bytes before the text in a message buffer: the {@code long mtype}. */
    public static final long TYPE_BYTES = 8;

    private static final int IPC_CREAT = 01000;
    private static final int IPC_EXCL = 02000;
    private static final int IPC_NOWAIT = 04000;
    private static final int IPC_RMID = 0;
    private static final int IPC_SET = 1;
    private static final int IPC_STAT = 2;
    private static final int MODE_0600 = 0600;
    // shmget: take the segment's pages from the huge page pool (vm.nr_hugepages).
    private static final int SHM_HUGETLB = 04000;
    // struct msqid_ds on x86-64 glibc: 120 bytes, msg_qbytes at 88 (checked with offsetof).
    private static final long MSQID_DS_BYTES = 120;
    private static final long MSG_QBYTES_OFFSET = 88;

    private static final class Msgget {
        static final MethodHandle HANDLE =
                Libc.withErrno("msgget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Msgctl {
        static final MethodHandle HANDLE =
                Libc.withErrno("msgctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final MethodHandle MSGSND =
            Libc.withErrno("msgsnd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MSGRCV = Libc.withErrno(
            "msgrcv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));

    private static final class Shmget {
        static final MethodHandle HANDLE =
                Libc.withErrno("shmget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    }

    private static final MethodHandle SHMAT =
            Libc.withErrno("shmat", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHMDT = Libc.withErrno("shmdt", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private static final class Shmctl {
        static final MethodHandle HANDLE =
                Libc.withErrno("shmctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private SysvIpc() {}

    /** Creates a shared memory segment of {@code bytes} under {@code key} exclusively, mode 0600. */
    public static int createSegment(int key, long bytes) {
        return createSegment(key, bytes, false);
    }

    /**
     * As {@link #createSegment(int, long)}, with its pages from the huge page pool when {@code huge} is set
     * ({@code SHM_HUGETLB}; the kernel rounds the size up to whole huge pages).
     */
    public static int createSegment(int key, long bytes, boolean huge) {
        MemorySegment state = Libc.state();
        try {
            int id = (int) Shmget.HANDLE.invokeExact(
                    state, key, bytes, IPC_CREAT | IPC_EXCL | MODE_0600 | (huge ? SHM_HUGETLB : 0));
            if (id < 0) {
                throw Libc.failure("shmget", "key 0x" + Integer.toHexString(key) + ", " + bytes + " bytes", state);
            }
            return id;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Attaches segment {@code id} read-write; closing the mapping detaches it. */
    public static Shm.Mapping attach(int id, long bytes) {
        MemorySegment state = Libc.state();
        try {
            MemorySegment address = (MemorySegment) SHMAT.invokeExact(state, id, MemorySegment.NULL, 0);
            if (address.address() == -1L) {
                throw Libc.failure("shmat", "shmid " + id, state);
            }
            Arena arena = Arena.ofShared();
            return new Shm.Mapping(arena, address.reinterpret(bytes, arena, SysvIpc::detach));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void detach(MemorySegment segment) {
        MemorySegment state = Libc.state();
        try {
            if ((int) SHMDT.invokeExact(state, segment) != 0) {
                throw Libc.failure("shmdt", segment.address(), state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Marks segment {@code id} for removal: it goes when the last process detaches, and no new process can find it. A
     * segment that is gone already is no failure.
     */
    public static void removeSegment(int id) {
        MemorySegment state = Libc.state();
        try {
            if ((int) Shmctl.HANDLE.invokeExact(state, id, IPC_RMID, MemorySegment.NULL) != 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINVAL && errno != Errno.EIDRM) {
                    throw Libc.failure("shmctl(IPC_RMID)", "shmid " + id, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Creates a queue under {@code key} exclusively, mode 0600; fails with EEXIST if the key is taken. */
    public static int createQueue(int key) {
        return msgget(key, IPC_CREAT | IPC_EXCL | MODE_0600);
    }

    /** Opens the existing queue under {@code key}. */
    public static int openQueue(int key) {
        return msgget(key, 0);
    }

    private static int msgget(int key, int flags) {
        MemorySegment state = Libc.state();
        try {
            int id = (int) Msgget.HANDLE.invokeExact(state, key, flags);
            if (id < 0) {
                throw Libc.failure("msgget", "key 0x" + Integer.toHexString(key), state);
            }
            return id;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Sends and at once takes back one byte on queue {@code id}, so that the kernel records this process as the queue's
     * last sender and receiver ({@code lspid}, {@code lrpid} in {@code /proc/sysvipc/msg}): the only trace of who uses
     * a queue, since the kernel keeps no creator PID for queues.
     */
    public static void stamp(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(TYPE_BYTES + 8, 8);
            buffer.set(JAVA_LONG, 0, 1L);
            if (!send(id, buffer, 1, true) || receive(id, buffer, 8, 1, true) != 1) {
                throw new NativeException(
                        "msgsnd", "stamp on msqid " + id + " (the new queue took no message)", Errno.EIO);
            }
        }
    }

    /**
     * What the kernel says of queue {@code id}.
     *
     * @param key its key
     * @param creatorUid the user that created it
     * @param mode its permission bits
     */
    public record QueueStat(int key, long creatorUid, int mode) {}

    /** {@code msgctl(IPC_STAT)} of queue {@code id}: msg_perm's key at 0, cuid at 12, mode at 20 (as for semaphores). */
    public static QueueStat statQueue(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = arena.allocate(MSQID_DS_BYTES, 8);
            msgctl(id, IPC_STAT, ds, "msgctl(IPC_STAT)");
            return new QueueStat(
                    ds.get(JAVA_INT, 0),
                    Integer.toUnsignedLong(ds.get(JAVA_INT, 12)),
                    Short.toUnsignedInt(ds.get(ValueLayout.JAVA_SHORT, 20)));
        }
    }

    /** Sets the queue's capacity in bytes ({@code msg_qbytes}); raising it past msgmnb needs CAP_SYS_RESOURCE. */
    public static void setQueueBytes(int id, long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = arena.allocate(MSQID_DS_BYTES, 8);
            msgctl(id, IPC_STAT, ds, "msgctl(IPC_STAT)");
            ds.set(JAVA_LONG, MSG_QBYTES_OFFSET, bytes);
            msgctl(id, IPC_SET, ds, "msgctl(IPC_SET)");
        }
    }

    /** The queue's capacity in bytes ({@code msg_qbytes}). */
    public static long queueBytes(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = arena.allocate(MSQID_DS_BYTES, 8);
            msgctl(id, IPC_STAT, ds, "msgctl(IPC_STAT)");
            return ds.get(JAVA_LONG, MSG_QBYTES_OFFSET);
        }
    }

    /**
     * Removes the queue at once; a process blocked on it wakes with EIDRM. A queue that is gone already is no failure.
     */
    public static void removeQueue(int id) {
        try {
            msgctl(id, IPC_RMID, MemorySegment.NULL, "msgctl(IPC_RMID)");
        } catch (NativeException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.EIDRM) {
                throw e;
            }
        }
    }

    private static void msgctl(int id, int command, MemorySegment ds, String name) {
        MemorySegment state = Libc.state();
        try {
            if ((int) Msgctl.HANDLE.invokeExact(state, id, command, ds) != 0) {
                throw Libc.failure(name, "msqid " + id, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Sends the message in {@code buffer} (type, then {@code textBytes} of text); false when {@code noWait} and the
     * queue is full. Retries on EINTR.
     */
    public static boolean send(int id, MemorySegment buffer, long textBytes, boolean noWait) {
        MemorySegment state = Libc.state();
        try {
            while ((int) MSGSND.invokeExact(state, id, buffer, textBytes, noWait ? IPC_NOWAIT : 0) != 0) {
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN) {
                    return false;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure("msgsnd", "msqid " + id + ", " + textBytes + " bytes", state);
                }
            }
            return true;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Receives a message of {@code type} (0: the first of any type) into {@code buffer}, with room for
     * {@code maxTextBytes} of text; returns the text's length, or -1 when {@code noWait} and there is none. Retries on
     * EINTR.
     */
    public static long receive(int id, MemorySegment buffer, long maxTextBytes, long type, boolean noWait) {
        MemorySegment state = Libc.state();
        try {
            while (true) {
                long n = (long) MSGRCV.invokeExact(state, id, buffer, maxTextBytes, type, noWait ? IPC_NOWAIT : 0);
                if (n >= 0) {
                    return n;
                }
                int errno = Libc.errno(state);
                if (errno == Errno.ENOMSG) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure("msgrcv", "msqid " + id + ", type " + type, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
