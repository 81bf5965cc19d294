package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * An eventfd used as a semaphore ({@code EFD_SEMAPHORE}, non-blocking): {@link #post} adds 1, {@link #take} takes 1,
 * waiting in {@code poll(2)} in slices when there is none so that the caller can notice an abort. An instance owns its
 * 8-byte buffer and belongs to one thread; the descriptor is the caller's to close.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class EventFd {
    private static final int EFD_SEMAPHORE = 1;
    private static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;

    private static final class Eventfd {
        static final MethodHandle HANDLE =
                Libc.withErrno("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private final MemorySegment value = Arena.ofAuto().allocate(JAVA_LONG);
    private final Poll poll = new Poll();

    /** A new semaphore eventfd holding {@code initial}. */
    public static int create(int initial) {
        MemorySegment state = Libc.state();
        try {
            int fd = (int) Eventfd.HANDLE.invokeExact(state, initial, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
            if (fd < 0) {
                throw Libc.failure("eventfd", initial, state);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * A new eventfd used as a 64-bit counter (no {@code EFD_SEMAPHORE}): a read takes the whole count. Non-blocking
     * unless {@code blocking}.
     */
    public static int createCounter(boolean blocking) {
        MemorySegment state = Libc.state();
        try {
            int fd = (int) Eventfd.HANDLE.invokeExact(state, 0, EFD_CLOEXEC | (blocking ? 0 : EFD_NONBLOCK));
            if (fd < 0) {
                throw Libc.failure("eventfd", "counter", state);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Adds {@code amount} (1 to 2^64 - 2, unsigned) to the counter; false when it would overflow and the eventfd is
     * non-blocking.
     */
    public boolean add(int fd, long amount) {
        value.set(JAVA_LONG, 0, amount);
        return Fd.write(fd, value, 0, Long.BYTES) == Long.BYTES;
    }

    /** Takes the whole count (never 0), or returns 0 when a non-blocking eventfd holds none. */
    public long takeAll(int fd) {
        return Fd.read(fd, value, 0, Long.BYTES) == Long.BYTES ? value.get(JAVA_LONG, 0) : 0;
    }

    /** Adds 1, waking a process waiting in {@link #take}. */
    public void post(int fd) {
        value.set(JAVA_LONG, 0, 1L);
        if (Fd.write(fd, value, 0, Long.BYTES) != Long.BYTES) {
            throw new IllegalStateException("eventfd " + fd + " is full (2^64 - 2 posts nobody took)");
        }
    }

    /** Takes 1, waiting up to {@code waitMs} for it; false when none came in that time. */
    public boolean take(int fd, int waitMs) {
        if (Fd.read(fd, value, 0, Long.BYTES) == Long.BYTES) {
            return true;
        }
        return poll.await(fd, Poll.POLLIN, waitMs) && Fd.read(fd, value, 0, Long.BYTES) == Long.BYTES;
    }
}
