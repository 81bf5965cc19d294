package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Readiness waits with {@code poll(2)} on one descriptor, or on several at once. Each instance owns its
 * {@code struct pollfd} array, so a wait on the measured path allocates nothing; an instance belongs to one thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Poll {
    /** Data to read. */
    public static final short POLLIN = 0x1;
    /** Room to write. */
    public static final short POLLOUT = 0x4;

    private static final long POLLFD_BYTES = 8;
    private static final MethodHandle POLL =
            Libc.withErrno("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private final MemorySegment pollfd;

    /** A wait on one descriptor at a time. */
    public Poll() {
        this(1);
    }

    /** A wait on up to {@code count} descriptors at once ({@link #awaitAny}). */
    public Poll(int count) {
        pollfd = Arena.ofAuto().allocate(POLLFD_BYTES * count, 8);
    }

    /**
     * Waits up to {@code timeoutMs} until {@code fd} is ready for {@code events}; true when it is (or has an error or
     * hang-up, which the next read or write reports), false on timeout or a signal.
     */
    public boolean await(int fd, short events, int timeoutMs) {
        set(0, fd, events);
        return poll(1, timeoutMs, "fd " + fd);
    }

    /**
     * Waits up to {@code timeoutMs} until one of {@code fds} is ready for {@code events}; true when one is (ask
     * {@link #ready} which), false on timeout or a signal.
     */
    public boolean awaitAny(int[] fds, short events, int timeoutMs) {
        for (int i = 0; i < fds.length; i++) {
            set(i, fds[i], events);
        }
        return poll(fds.length, timeoutMs, fds.length + " descriptors");
    }

    /** Whether the {@code i}-th descriptor of the last {@link #awaitAny} is ready (or has an error or hang-up). */
    public boolean ready(int i) {
        return pollfd.get(JAVA_SHORT, i * POLLFD_BYTES + 6) != 0;
    }

    private void set(int i, int fd, short events) {
        long at = i * POLLFD_BYTES;
        pollfd.set(JAVA_INT, at, fd);
        pollfd.set(JAVA_SHORT, at + 4, events);
        pollfd.set(JAVA_SHORT, at + 6, (short) 0);
    }

    private boolean poll(int count, int timeoutMs, String what) {
        MemorySegment state = Libc.state();
        try {
            int n = (int) POLL.invokeExact(state, pollfd, (long) count, timeoutMs);
            if (n < 0 && Libc.errno(state) != Errno.EINTR) {
                throw Libc.failure("poll", what, state);
            }
            return n > 0;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
