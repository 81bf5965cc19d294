package dev.ipcmark.transport;

import dev.ipcmark.nativeio.SharedMutex;
import java.lang.foreign.MemorySegment;

/**
 * The {@code pthread-mutex} sync of a ring: the textbook "data and a mutex" in shared memory. One process-shared robust
 * mutex and one condition variable per ring guard its counters:
 *
 * <pre>
 *   published's sync area: pthread_mutex_t (40)
 *   consumed's sync area:  pthread_cond_t (48)
 * </pre>
 *
 * A waiter locks, re-checks the counter and sleeps on the condition; a signaller (whose counter store is already done)
 * locks, signals and unlocks, so no wake-up is lost between a check and a sleep. One condition serves both ways: on one
 * ring only one side can be waiting at a time (for data when the ring is empty, for room when it is full).
 */
final class MutexSync extends RingSync {

    private final SharedMutex shared = new SharedMutex();
    private final MemorySegment mutex;
    private final MemorySegment cond;

    MutexSync(MemorySegment segment, int ring, AbortReason abortReason) {
        super(segment, ring, abortReason);
        this.mutex = SyncStrategy.syncArea(segment, publishedAt).asSlice(0, SharedMutex.MUTEX_BYTES);
        this.cond = SyncStrategy.syncArea(segment, consumedAt).asSlice(0, SharedMutex.COND_BYTES);
    }

    /** Initialises ring {@code ring}'s mutex and condition in a new segment. */
    static void initialize(MemorySegment segment, int ring) {
        SharedMutex.init(
                SyncStrategy.syncArea(segment, ShmLayout.publishedOffset(ring)).asSlice(0, SharedMutex.MUTEX_BYTES),
                SyncStrategy.syncArea(segment, ShmLayout.consumedOffset(ring)).asSlice(0, SharedMutex.COND_BYTES));
    }

    @Override
    void awaitData(long received) {
        if (published() > received) {
            return;
        }
        lock();
        try {
            while (published() <= received) {
                shared.await(cond, mutex, WAIT_SLICE_MS);
                checkAbort();
            }
        } finally {
            SharedMutex.unlock(mutex);
        }
    }

    @Override
    void signalData() {
        signal();
    }

    @Override
    void awaitRoom(long sent, int slots) {
        if (sent - consumed() < slots) {
            return;
        }
        lock();
        try {
            while (sent - consumed() >= slots) {
                shared.await(cond, mutex, WAIT_SLICE_MS);
                checkAbort();
            }
        } finally {
            SharedMutex.unlock(mutex);
        }
    }

    @Override
    void signalRoom() {
        signal();
    }

    private void signal() {
        lock();
        try {
            SharedMutex.signal(cond);
        } finally {
            SharedMutex.unlock(mutex);
        }
    }

    private void lock() {
        while (!shared.lock(mutex, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }
}
