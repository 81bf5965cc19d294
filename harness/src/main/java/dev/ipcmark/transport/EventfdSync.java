package dev.ipcmark.transport;

import dev.ipcmark.nativeio.EventFd;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.ProcessFds;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The {@code eventfd} sync of a ring: two eventfds used as semaphores, "filled" and "free", as with {@code
 * semaphore}, but descriptors: the listener makes them, and the peer takes copies of them with {@code pidfd_getfd(2)}
 * from the listener (the segment's owner PID). Their numbers in the listener live in the ring's sync areas:
 *
 * <pre>
 *   published's sync area + 0: eventfd "filled" (4)
 *   consumed's sync area + 0:  eventfd "free" (4)
 * </pre>
 *
 * A copy is taken only from this process's parent, and kept only if the kernel says it is an eventfd.
 */
final class EventfdSync extends RingSync {
    private static final String EVENTFD = "anon_inode:[eventfd]";

    private final EventFd events = new EventFd();
    private final int filled;
    private final int free;
    private final boolean copies;

    EventfdSync(MemorySegment segment, int ring, AbortReason abortReason) {
        super(segment, ring, abortReason);
        int filledThere = SyncStrategy.syncArea(segment, publishedAt).get(ValueLayout.JAVA_INT, 0);
        int freeThere = SyncStrategy.syncArea(segment, consumedAt).get(ValueLayout.JAVA_INT, 0);
        long owner = Integer.toUnsignedLong(segment.get(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET));
        if (owner == ProcessHandle.current().pid()) {
            copies = false;
            filled = filledThere;
            free = freeThere;
        } else if (Kin.selfOrParent(owner)) {
            copies = true;
            filled = copyOf(owner, filledThere);
            try {
                free = copyOf(owner, freeThere);
            } catch (RuntimeException e) {
                Fd.close(filled);
                throw e;
            }
        } else {
            throw new TransportException("the segment's owner PID " + owner + " is neither this process nor its parent:"
                    + " refusing to take descriptors from it");
        }
    }

    private static int copyOf(long owner, int fd) {
        int copy = ProcessFds.copy(owner, fd);
        String what = ProcessFds.describe(copy);
        if (!what.equals(EVENTFD)) {
            Fd.close(copy);
            throw new TransportException("descriptor " + fd + " of process " + owner + " is " + what + ", not an"
                    + " eventfd: the segment does not describe what its owner holds");
        }
        return copy;
    }

    /** Makes ring {@code ring}'s eventfds with {@code freeSlots} room and returns what closes them. */
    static Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
        int filled = EventFd.create(0);
        int free;
        try {
            free = EventFd.create(freeSlots);
        } catch (RuntimeException e) {
            Fd.close(filled);
            throw e;
        }
        SyncStrategy.syncArea(segment, ShmLayout.publishedOffset(ring)).set(ValueLayout.JAVA_INT, 0, filled);
        SyncStrategy.syncArea(segment, ShmLayout.consumedOffset(ring)).set(ValueLayout.JAVA_INT, 0, free);
        return () -> {
            Fd.close(filled);
            Fd.close(free);
        };
    }

    /** Whether the peer will be allowed to take copies of the listener's descriptors here, and if not, why. */
    static Support check() {
        Optional<Support> yama = Kin.refusedByYama("take (pidfd_getfd) the eventfds of");
        if (yama.isPresent()) {
            return yama.get();
        }
        try {
            // The kernel (or a seccomp filter) may refuse the calls altogether: try them on this process.
            int probe = EventFd.create(0);
            try {
                Fd.close(ProcessFds.copy(ProcessHandle.current().pid(), probe));
            } finally {
                Fd.close(probe);
            }
        } catch (RuntimeException e) {
            return Support.no("eventfds cannot be handed to the peer here: " + e.getMessage());
        }
        return Support.RUNS;
    }

    @Override
    void awaitData(long received) {
        while (!events.take(filled, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void signalData() {
        events.post(filled);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        while (!events.take(free, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void signalRoom() {
        events.post(free);
    }

    @Override
    void close() {
        if (copies) {
            Fd.close(filled);
            Fd.close(free);
        }
    }
}
