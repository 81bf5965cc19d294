package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Poll;

/**
 * What a descriptor-based channel does when a non-blocking call found nothing to read or no room to write, per
 * {@link BlockingMode}: retry at once, or sleep in {@code poll(2)}. Either way an abort ends the wait, so non-blocking
 * channels never hang after one. One instance per direction, used by one thread.
 */
final class FdWait {
    // Long enough to cost nothing, short enough that an abort is seen at once by a human's measure.
    private static final int POLL_SLICE_MS = 100;

    private final BlockingMode mode;
    private final AbortReason abortReason;
    private final Poll poll;

    FdWait(BlockingMode mode, AbortReason abortReason) {
        this.mode = mode;
        this.abortReason = abortReason;
        this.poll = mode == BlockingMode.NONBLOCKING_POLL ? new Poll() : null;
    }

    /** Waits once for {@code fd} to become ready for {@code events}; throws when the channel was aborted. */
    void await(int fd, short events) {
        abortReason.throwIfSet();
        if (poll != null) {
            poll.await(fd, events, POLL_SLICE_MS);
        } else {
            // Spin politely: without onSpinWait a spinning reader starves its peer's hyperthread.
            Thread.onSpinWait();
        }
    }
}
