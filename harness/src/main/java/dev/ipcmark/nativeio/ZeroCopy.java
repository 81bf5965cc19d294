package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code MSG_ZEROCOPY} sends on a TCP socket and their completions: the kernel pins the caller's pages instead of
 * copying them and says, on the socket's error queue, when it no longer needs them (on loopback it copies them later
 * after all, and says so with {@code SO_EE_CODE_ZEROCOPY_COPIED}). Every zero-copy {@code sendmsg} that takes bytes
 * gets the next id; a completion names a range of ids. An instance owns its buffers and belongs to one thread.
 *
 * <pre>
 * completion: cmsghdr (SOL_IP, IP_RECVERR) + struct sock_extended_err, 16 bytes:
 * +0 ee_errno (4) | +4 ee_origin (1, 5 = SO_EE_ORIGIN_ZEROCOPY) | +5 ee_type | +6 ee_code (1 = copied) | +7 pad
 * +8 ee_info (4): first id | +12 ee_data (4): last id
 * </pre>
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class ZeroCopy {
    /** SO_ZEROCOPY, which a socket must have before MSG_ZEROCOPY is accepted. */
    public static final int SO_ZEROCOPY = 60;

    private static final int MSG_ZEROCOPY = 0x4000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_ERRQUEUE = 0x2000;
    private static final int SOL_IP = 0;
    private static final int IP_RECVERR = 11;
    private static final int SO_EE_ORIGIN_ZEROCOPY = 5;
    private static final int ENOBUFS = 105;
    private static final long CONTROL_BYTES = 128;

    private static final MethodHandle SENDMSG =
            Libc.withErrno("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG =
            Libc.withErrno("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    private final MemorySegment header;
    private final MemorySegment iov;
    private final MemorySegment control;
    private long issued;
    private long completed;

    /** Buffers for one thread's sends. */
    public ZeroCopy() {
        Arena arena = Arena.ofAuto();
        header = arena.allocate(56, 8);
        iov = arena.allocate(16, 8);
        control = arena.allocate(CONTROL_BYTES, 8);
    }

    /**
     * Sends up to {@code bytes} of {@code from} (native memory) at {@code offset} with MSG_ZEROCOPY; returns how many
     * it took, or -1 when a non-blocking socket has no room (EAGAIN) or the kernel has no room to pin more pages
     * (ENOBUFS: wait for completions, then try again). Retries on EINTR.
     */
    public long send(int fd, MemorySegment from, long offset, long bytes) {
        iov.set(JAVA_LONG, 0, from.address() + offset);
        iov.set(JAVA_LONG, 8, bytes);
        header.fill((byte) 0);
        header.set(ADDRESS, 16, iov);
        header.set(JAVA_LONG, 24, 1L);
        MemorySegment state = Libc.state();
        try {
            while (true) {
                long n = (long) SENDMSG.invokeExact(state, fd, header, MSG_ZEROCOPY | MSG_NOSIGNAL);
                if (n >= 0) {
                    if (n > 0) {
                        issued++;
                    }
                    return n;
                }
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN || errno == ENOBUFS) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure("sendmsg(MSG_ZEROCOPY)", "fd " + fd, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Whether every send so far has completed: the kernel holds none of the caller's pages. */
    public boolean allCompleted() {
        return completed >= issued;
    }

    /** Reads the completions waiting on {@code fd}'s error queue (none waiting is no failure). */
    public void readCompletions(int fd) {
        MemorySegment state = Libc.state();
        try {
            while (true) {
                header.fill((byte) 0);
                header.set(ADDRESS, 32, control);
                header.set(JAVA_LONG, 40, CONTROL_BYTES);
                long n = (long) RECVMSG.invokeExact(state, fd, header, MSG_ERRQUEUE | MSG_DONTWAIT);
                if (n < 0) {
                    int errno = Libc.errno(state);
                    if (errno == Errno.EAGAIN) {
                        return;
                    }
                    if (errno != Errno.EINTR) {
                        throw Libc.failure("recvmsg(MSG_ERRQUEUE)", "fd " + fd, state);
                    }
                    continue;
                }
                completion();
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    // One message of the error queue: a zero-copy completion, or something else to refuse.
    private void completion() {
        long length = header.get(JAVA_LONG, 40) >= 16 ? control.get(JAVA_LONG, 0) : 0;
        int level = control.get(JAVA_INT, 8);
        int type = control.get(JAVA_INT, 12);
        if (length < 16 + 16 || level != SOL_IP || type != IP_RECVERR) {
            throw new IllegalStateException("the socket's error queue held a message that is not a zero-copy"
                    + " completion (level " + level + ", type " + type + ")");
        }
        int errno = control.get(JAVA_INT, 16);
        int origin = Byte.toUnsignedInt(control.get(JAVA_BYTE, 20));
        if (errno != 0 || origin != SO_EE_ORIGIN_ZEROCOPY) {
            throw new IllegalStateException("the socket reported error " + Errno.describe(errno) + " (origin " + origin
                    + ") instead of a zero-copy completion");
        }
        long last = Integer.toUnsignedLong(control.get(JAVA_INT, 28));
        completed = Math.max(completed, last + 1);
    }
}
