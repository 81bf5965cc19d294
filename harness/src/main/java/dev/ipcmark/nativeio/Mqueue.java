package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * POSIX message queues ({@code mq_open}, {@code mq_timedsend}, {@code mq_timedreceive}, {@code mq_close},
 * {@code mq_unlink}). Sends and receives take a deadline so that a waiting thread can look up now and then (glibc's
 * {@code mq_send}/{@code mq_receive} are the same system calls with no deadline).
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Mqueue {
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;

    /** {@code struct mq_attr}: flags, maxmsg, msgsize, curmsgs, then reserved longs. */
    private static final StructLayout ATTR = MemoryLayout.structLayout(
            JAVA_LONG.withName("mq_flags"),
            JAVA_LONG.withName("mq_maxmsg"),
            JAVA_LONG.withName("mq_msgsize"),
            JAVA_LONG.withName("mq_curmsgs"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("reserved"));

    private static final class MqOpen {
        static final MethodHandle HANDLE = Libc.withErrno(
                "mq_open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
                Linker.Option.firstVariadicArg(2));
    }

    private static final MethodHandle MQ_TIMEDSEND = Libc.withErrno(
            "mq_timedsend", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
    private static final MethodHandle MQ_TIMEDRECEIVE = Libc.withErrno(
            "mq_timedreceive", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    private static final class MqClose {
        static final MethodHandle HANDLE = Libc.withErrno("mq_close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class MqUnlink {
        static final MethodHandle HANDLE = Libc.withErrno("mq_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private Mqueue() {}

    /** Creates queue {@code name} exclusively with mode 0600, room for {@code maxMessages} of {@code messageBytes}. */
    public static int create(String name, long maxMessages, long messageBytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR);
            attr.set(JAVA_LONG, ATTR.byteOffset(MemoryLayout.PathElement.groupElement("mq_maxmsg")), maxMessages);
            attr.set(JAVA_LONG, ATTR.byteOffset(MemoryLayout.PathElement.groupElement("mq_msgsize")), messageBytes);
            return open(name, O_RDWR | O_CREAT | O_EXCL, attr, arena);
        }
    }

    /** Opens the existing queue {@code name} for reading and writing. */
    public static int open(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return open(name, O_RDWR, MemorySegment.NULL, arena);
        }
    }

    private static int open(String name, int flags, MemorySegment attr, Arena arena) {
        MemorySegment state = Libc.state();
        try {
            int mq = (int) MqOpen.HANDLE.invokeExact(state, arena.allocateFrom(name), flags | O_CLOEXEC, 0600, attr);
            if (mq < 0) {
                throw Libc.failure("mq_open", name, state);
            }
            return mq;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * A reusable deadline buffer for {@link #send} and {@link #receive}, owned by one thread: allocate once, not per
     * message.
     */
    public static MemorySegment deadlineBuffer(Arena arena) {
        return Timespec.allocate(arena);
    }

    /**
     * Sends {@code message}; returns false if the queue stayed full until {@code waitMs} passed, or at once on a
     * non-blocking queue. A {@link MemorySegment#NULL} {@code deadline} waits without limit (or not at all on a
     * non-blocking queue).
     */
    public static boolean send(int mq, MemorySegment message, int priority, MemorySegment deadline, long waitMs) {
        MemorySegment state = Libc.state();
        try {
            setDeadline(deadline, waitMs);
            if ((int) MQ_TIMEDSEND.invokeExact(state, mq, message, message.byteSize(), priority, deadline) == 0) {
                return true;
            }
            if (waitedInVain(Libc.errno(state))) {
                return false;
            }
            throw Libc.failure("mq_timedsend", "mqd " + mq + ", " + message.byteSize() + " bytes", state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Receives one message into {@code into} (at least the queue's message size); returns its length, or -1 if none
     * came within {@code waitMs} (or at once on a non-blocking queue). A {@link MemorySegment#NULL} {@code deadline}
     * waits without limit.
     */
    public static long receive(int mq, MemorySegment into, MemorySegment deadline, long waitMs) {
        MemorySegment state = Libc.state();
        try {
            setDeadline(deadline, waitMs);
            long n = (long) MQ_TIMEDRECEIVE.invokeExact(state, mq, into, into.byteSize(), MemorySegment.NULL, deadline);
            if (n >= 0) {
                return n;
            }
            if (waitedInVain(Libc.errno(state))) {
                return -1;
            }
            throw Libc.failure("mq_timedreceive", "mqd " + mq + ", " + into.byteSize() + " bytes", state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static boolean waitedInVain(int errno) {
        return errno == Errno.ETIMEDOUT || errno == Errno.EINTR || errno == Errno.EAGAIN;
    }

    private static void setDeadline(MemorySegment timespec, long waitMs) {
        if (!timespec.equals(MemorySegment.NULL)) {
            Timespec.setDeadline(timespec, waitMs);
        }
    }

    /** Closes the descriptor {@code mq}. */
    public static void close(int mq) {
        MemorySegment state = Libc.state();
        try {
            if ((int) MqClose.HANDLE.invokeExact(state, mq) != 0) {
                throw Libc.failure("mq_close", "mqd " + mq, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Removes the queue name {@code name}; open descriptors keep working. */
    public static void unlink(String name) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            if ((int) MqUnlink.HANDLE.invokeExact(state, arena.allocateFrom(name)) != 0) {
                throw Libc.failure("mq_unlink", name, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
