package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Semaphore;
import java.lang.foreign.MemorySegment;

/** The {@code semaphore} sync of a ring: a process-shared POSIX {@code sem_t} per counter, in its sync area. */
final class SemaphoreSync extends RingSync {

    private final Semaphore semaphore = new Semaphore();
    private final MemorySegment filled;
    private final MemorySegment free;

    SemaphoreSync(MemorySegment segment, int ring, AbortReason abortReason) {
        super(segment, ring, abortReason);
        this.filled = SyncStrategy.syncArea(segment, publishedAt);
        this.free = SyncStrategy.syncArea(segment, consumedAt);
    }

    @Override
    void awaitData(long received) {
        while (!semaphore.await(filled, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void signalData() {
        Semaphore.post(filled);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        while (!semaphore.await(free, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void signalRoom() {
        Semaphore.post(free);
    }
}
