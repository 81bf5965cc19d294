package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Hands a descriptor to another process over a connected AF_UNIX socket ({@code SCM_RIGHTS}): each hand-over is one
 * byte of data carrying exactly one descriptor, so a stream socket cannot merge two. A received message with anything
 * else (no descriptor, several, a truncated control area, another kind of control message) is refused and whatever
 * descriptors it brought are closed. An instance owns its {@code msghdr} and buffers and belongs to one thread.
 *
 * <pre>
 * msghdr (56 bytes, x86-64 / aarch64)       control area: one cmsghdr + one int, CMSG_SPACE(4) = 24 bytes
 * +0  msg_name       NULL                   +0  cmsg_len    CMSG_LEN(4) = 20
 * +8  msg_namelen    0                      +8  cmsg_level  SOL_SOCKET
 * +16 msg_iov        -> { byte, 1 }         +12 cmsg_type   SCM_RIGHTS
 * +24 msg_iovlen     1                      +16 the descriptor
 * +32 msg_control    -> control area
 * +40 msg_controllen 24
 * +48 msg_flags      (MSG_CTRUNC checked)
 * </pre>
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class DescriptorPassing {
    /** What {@link #receive} returns when a non-blocking socket has nothing yet. */
    public static final int NOTHING_YET = -1;
    /** What {@link #receive} returns when the other end has closed. */
    public static final int CLOSED = -2;

    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final long MSGHDR_BYTES = 56;
    private static final long CMSG_HEADER_BYTES = 16;
    private static final long CMSG_ONE_FD = CMSG_HEADER_BYTES + Integer.BYTES;
    private static final long CMSG_SPACE = 24;

    private static final MethodHandle SENDMSG =
            Libc.withErrno("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG =
            Libc.withErrno("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    private static final class Socketpair {
        static final MethodHandle HANDLE =
                Libc.withErrno("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private final MemorySegment header;
    private final MemorySegment control;

    /** Buffers for one thread's hand-overs. */
    public DescriptorPassing() {
        Arena arena = Arena.ofAuto();
        header = arena.allocate(MSGHDR_BYTES, 8);
        control = arena.allocate(CMSG_SPACE, 8);
        MemorySegment iov = arena.allocate(16, 8);
        MemorySegment data = arena.allocate(1);
        iov.set(ADDRESS, 0, data);
        iov.set(JAVA_LONG, 8, 1L);
        header.set(ADDRESS, 16, iov);
        header.set(JAVA_LONG, 24, 1L);
        header.set(ADDRESS, 32, control);
    }

    /** A connected pair of AF_UNIX stream sockets, close-on-exec, for hand-overs within one process. */
    public static int[] socketPair() {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) Socketpair.HANDLE.invokeExact(state, Sockets.AF_UNIX, Sockets.SOCK_STREAM | 02000000, 0, fds)
                    != 0) {
                throw Libc.failure("socketpair", "AF_UNIX, SOCK_STREAM", state);
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Sends {@code fd} over the connected socket {@code socket} (the receiver gets its own descriptor of the same
     * open file); false when a non-blocking socket has no room yet. Retries on EINTR.
     */
    public boolean send(int socket, int fd) {
        control.set(JAVA_LONG, 0, CMSG_ONE_FD);
        control.set(JAVA_INT, 8, Sockets.SOL_SOCKET);
        control.set(JAVA_INT, 12, SCM_RIGHTS);
        control.set(JAVA_INT, 16, fd);
        header.set(JAVA_LONG, 40, CMSG_SPACE);
        MemorySegment state = Libc.state();
        try {
            while (true) {
                long n = (long) SENDMSG.invokeExact(state, socket, header, MSG_NOSIGNAL);
                if (n == 1) {
                    return true;
                }
                int errno = Libc.errno(state);
                if (n < 0 && errno == Errno.EAGAIN) {
                    return false;
                }
                if (n < 0 && errno != Errno.EINTR) {
                    throw Libc.failure("sendmsg", "socket " + socket + ", SCM_RIGHTS fd " + fd, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Receives one descriptor from {@code socket}, close-on-exec: the descriptor, {@link #NOTHING_YET} when a
     * non-blocking socket has nothing, or {@link #CLOSED} at end of stream. Retries on EINTR.
     *
     * @throws IllegalStateException when the message did not carry exactly one descriptor (any it carried are closed)
     */
    public int receive(int socket) {
        MemorySegment state = Libc.state();
        try {
            while (true) {
                control.fill((byte) 0);
                header.set(JAVA_LONG, 40, CMSG_SPACE);
                header.set(JAVA_INT, 48, 0);
                long n = (long) RECVMSG.invokeExact(state, socket, header, MSG_CMSG_CLOEXEC);
                if (n == 0) {
                    return CLOSED;
                }
                if (n > 0) {
                    return descriptorIn(socket);
                }
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN) {
                    return NOTHING_YET;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure("recvmsg", "socket " + socket, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    // The one descriptor a received message must carry; anything else is closed and refused.
    private int descriptorIn(int socket) {
        long length = header.get(JAVA_LONG, 40) >= CMSG_HEADER_BYTES ? control.get(JAVA_LONG, 0) : 0;
        boolean rights = control.get(JAVA_INT, 8) == Sockets.SOL_SOCKET && control.get(JAVA_INT, 12) == SCM_RIGHTS;
        boolean truncated = (header.get(JAVA_INT, 48) & MSG_CTRUNC) != 0;
        if (rights && length == CMSG_ONE_FD && !truncated) {
            return control.get(JAVA_INT, 16);
        }
        if (rights && length > CMSG_HEADER_BYTES) {
            // Close what did arrive (at most the one that fits; the kernel closed the rest when it truncated).
            for (long at = CMSG_HEADER_BYTES; at + Integer.BYTES <= Math.min(length, CMSG_SPACE); at += Integer.BYTES) {
                Fd.close(control.get(JAVA_INT, at));
            }
        }
        throw new IllegalStateException("socket " + socket + " delivered a message that did not carry exactly one"
                + " descriptor (control length " + length + ", level " + control.get(JAVA_INT, 8) + ", type "
                + control.get(JAVA_INT, 12) + (truncated ? ", truncated" : "") + ")");
    }
}
