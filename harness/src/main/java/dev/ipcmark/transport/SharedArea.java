package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/**
 * A channel whose two ends also share a region of memory that both read and write in place: the transfer pattern's
 * payload over shm, which needs no copy through the channel. The channel itself then carries only notifications.
 */
public interface SharedArea {
    /** The shared region; the same bytes in both processes. */
    MemorySegment sharedArea();
}
