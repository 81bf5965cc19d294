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
 * Readiness waits with {@code poll(2)} on one descriptor at a time. Each instance owns its {@code struct pollfd}, so a
 * wait on the measured path allocates nothing; an instance belongs to one thread.
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

    private final MemorySegment pollfd = Arena.ofAuto().allocate(POLLFD_BYTES, 8);

    /**
     * Waits up to {@code timeoutMs} until {@code fd} is ready for {@code events}; true when it is (or has an error or
     * hang-up, which the next read or write reports), false on timeout or a signal.
     */
    public boolean await(int fd, short events, int timeoutMs) {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, events);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        MemorySegment state = Libc.state();
        try {
            int n = (int) POLL.invokeExact(state, pollfd, 1L, timeoutMs);
            if (n < 0 && Libc.errno(state) != Errno.EINTR) {
                throw Libc.failure("poll", "fd " + fd, state);
            }
            return n > 0;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
