package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Futex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Sleeps on the low 32 bits of a counter. A sleeper first counts itself in the counter's sync area, then re-reads
 * the counter, then sleeps only if the word still holds what it read (the kernel checks that atomically); a waker
 * moves the counter, fences, and calls into the kernel only when someone is counted. Either the sleeper sees the new
 * value or the waker sees the sleeper: no wake-up is lost, and an uncontended signal costs no system call.
 */
final class FutexSync extends RingSync {

    private static final VarHandle SLEEPERS = ValueLayout.JAVA_INT.varHandle();
    private final Futex futex = new Futex();

    FutexSync(MemorySegment segment, int ring, AbortReason abortReason) {
        super(segment, ring, abortReason);
    }

    @Override
    void awaitData(long received) {
        long now;
        while ((now = published()) <= received) {
            sleep(publishedAt, now);
        }
    }

    @Override
    void signalData() {
        wake(publishedAt);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        long now;
        while (sent - (now = consumed()) >= slots) {
            sleep(consumedAt, now);
        }
    }

    @Override
    void signalRoom() {
        wake(consumedAt);
    }

    private void sleep(long counterAt, long seen) {
        checkAbort();
        long sleepersAt = counterAt + ShmLayout.SYNC_AREA_DISTANCE;
        SLEEPERS.getAndAdd(segment, sleepersAt, 1);
        try {
            if ((long) COUNTER.getVolatile(segment, counterAt) == seen) {
                // Little-endian: the counter's first four bytes are its low word.
                futex.await(segment.asSlice(counterAt, 4), (int) seen, WAIT_SLICE_MS);
            }
        } finally {
            SLEEPERS.getAndAdd(segment, sleepersAt, -1);
        }
    }

    private void wake(long counterAt) {
        VarHandle.fullFence();
        if ((int) SLEEPERS.getVolatile(segment, counterAt + ShmLayout.SYNC_AREA_DISTANCE) > 0) {
            Futex.wake(segment.asSlice(counterAt, 4), 1);
        }
    }
}
