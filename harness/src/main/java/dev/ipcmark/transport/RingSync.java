package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * How one process waits on one ring of a shared segment and wakes the other process: the per-ring half of a
 * {@link SyncStrategy}. The producer calls {@link #awaitRoom} and {@link #signalData}; the consumer {@link #awaitData}
 * and {@link #signalRoom}. The counters themselves ({@link ShmLayout}) are written by the channel, with release stores.
 */
abstract class RingSync {
    /** Acquire and release access to the 64-bit counters. */
    protected static final VarHandle COUNTER = ValueLayout.JAVA_LONG.varHandle();

    /** Slices a sleeping wait takes, so that an abort is noticed within them. */
    protected static final int WAIT_SLICE_MS = 100;

    // How often a spin loop looks at the thread's interrupt flag (JMH's timeout interrupts hung iterations).
    private static final int INTERRUPT_CHECK_MASK = (1 << 16) - 1;

    /** The shared segment. */
    protected final MemorySegment segment;
    /** Offset of the ring's published counter. */
    protected final long publishedAt;
    /** Offset of the ring's consumed counter. */
    protected final long consumedAt;

    private final AbortReason abortReason;

    RingSync(MemorySegment segment, int ring, AbortReason abortReason) {
        this.segment = segment;
        this.publishedAt = ShmLayout.publishedOffset(ring);
        this.consumedAt = ShmLayout.consumedOffset(ring);
        this.abortReason = abortReason;
    }

    /** Consumer: returns once more than {@code received} chunks are published. */
    abstract void awaitData(long received);

    /** Producer: the published counter just moved. */
    abstract void signalData();

    /** Producer: returns once fewer than {@code slots} of the {@code sent} chunks are unconsumed. */
    abstract void awaitRoom(long sent, int slots);

    /** Consumer: the consumed counter just moved. */
    abstract void signalRoom();

    /** Releases what this process opened for the ring (descriptors copied from the other process); nothing by default. */
    void close() {}

    /**
     * The channel was aborted: wakes a wait that neither spins nor sleeps in slices (and so would not see the abort);
     * nothing by default.
     */
    void wake() {}

    /** The published counter, read with acquire semantics. */
    protected final long published() {
        return (long) COUNTER.getAcquire(segment, publishedAt);
    }

    /** The consumed counter, read with acquire semantics. */
    protected final long consumed() {
        return (long) COUNTER.getAcquire(segment, consumedAt);
    }

    /** Throws when the channel was aborted; call in every wait loop. */
    protected final void checkAbort() {
        abortReason.throwIfSet();
    }

    /** One turn of a busy wait: a polite spin, and now and then a look at aborts and interrupts. */
    protected final void spin(int spins) {
        // Without onSpinWait a spinning hyper-thread starves its sibling; on 2 cores that is the peer.
        Thread.onSpinWait();
        checkAbort();
        if ((spins & INTERRUPT_CHECK_MASK) == INTERRUPT_CHECK_MASK
                && Thread.currentThread().isInterrupted()) {
            throw new TransportException("interrupted while waiting for the other process (it may be hung)");
        }
    }

    /** Busy-waits (with {@link #spin}) until the consumer has room, for strategies that do not sleep for room. */
    protected final void spinForRoom(long sent, int slots) {
        for (int spins = 0; sent - consumed() >= slots; spins++) {
            spin(spins);
        }
    }
}
