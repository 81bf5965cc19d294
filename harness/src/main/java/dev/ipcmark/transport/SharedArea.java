package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/**
 * A channel whose two ends also share a region of memory that both read and write in place: the transfer pattern's
 * payload over shm, which needs no copy through the channel. The channel itself then carries only notifications.
 */
public interface SharedArea {
    /** The shared region; the same bytes in both processes. */
    MemorySegment sharedArea();

    /**
     * Copies {@code bytes} of {@code from} at {@code fromOffset} into the shared region at {@code offset}, at libc's
     * speed and without the shared arena's bookkeeping per copy ({@link dev.ipcmark.nativeio.MappedCopier}), as the
     * channel's own messages are copied; bounds-checked against the region.
     */
    void copyIntoArea(MemorySegment from, long fromOffset, long offset, long bytes);
}
