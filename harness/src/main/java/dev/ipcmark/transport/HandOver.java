package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/**
 * A channel that can hand the other process a freshly made buffer instead of copying a payload through itself: the
 * transfer pattern's zero-copy path over memfd. The sender produces the payload in a {@link #fresh} buffer and
 * {@linkplain #handOver hands it over}; the receiver {@linkplain #take takes} it, reads it where it is, and
 * {@linkplain #release releases} it. Each buffer is made for one transfer and gone after it.
 */
public interface HandOver {
    /** A new buffer of {@code bytes}, mapped writable in this process only, to produce the next payload in. */
    MemorySegment fresh(long bytes);

    /** Seals the buffer from {@link #fresh} and hands it to the other process; it is no longer mapped here. */
    void handOver();

    /** The next buffer handed over, which must hold exactly {@code bytes}, mapped read-only until {@link #release}. */
    MemorySegment take(long bytes);

    /** Unmaps and closes the buffer from {@link #take}. */
    void release();
}
