package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/** The {@code spin} and {@code spin-then-yield} syncs of a ring: busy-waiting on the counters, no system call. */
final class Spin extends RingSync {
    private final boolean yield;
    private long consumedSeen;

    Spin(MemorySegment segment, int ring, AbortReason abortReason, boolean yield) {
        super(segment, ring, abortReason);
        this.yield = yield;
    }

    @Override
    void awaitData(long received) {
        for (int spins = 0; published() <= received; spins++) {
            idle(spins);
        }
    }

    @Override
    void signalData() {}

    @Override
    void awaitRoom(long sent, int slots) {
        // Re-read the consumer's counter only when the last value seen says the ring is full.
        for (int spins = 0; sent - consumedSeen >= slots && sent - (consumedSeen = consumed()) >= slots; spins++) {
            idle(spins);
        }
    }

    @Override
    void signalRoom() {}

    private void idle(int spins) {
        if (yield && spins >= SpinWait.SPINS_BEFORE_YIELD) {
            checkAbort();
            Thread.yield();
        } else {
            spin(spins);
        }
    }
}
