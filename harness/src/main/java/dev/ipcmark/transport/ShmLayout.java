package dev.ipcmark.transport;

/**
 * The layout of an ipcmark shared-memory segment (version 3): a header, then two single-producer single-consumer rings,
 * one per direction. Every counter sits alone on a 128-byte block so that the two processes never share a cache line
 * (128, not 64: the adjacent-line prefetcher pulls pairs of lines); the second half of each block is the counter's
 * sync area, used by the sync strategies that sleep; each {@link RingSync} draws what it keeps there (a futex sleeper
 * count, a {@code sem_t}, a System V set id, a pthread mutex and condition, eventfd numbers, queue names).
 *
 * <pre>
 *    0 +--------------------------------------------------------------+
 *      | magic "IPCMARK1" (8) | version (4) | owner PID (4)              |
 *   16 | slot payload bytes (8) | slots per ring (4) | reserved          |
 *  128 +--------------------------------------------------------------+
 *      | ring 0 published: chunks written, initiator -> peer (8)        |
 *  192 |   its sync area (64): the sync strategy's, e.g. sem_t "filled" |
 *  256 | ring 0 consumed:  chunks the peer has copied out (8)           |
 *  320 |   its sync area (64): the sync strategy's, e.g. sem_t "free"   |
 *  384 | ring 1 published, then its sync area                           |
 *  512 | ring 1 consumed, then its sync area                            |
 *  640 | (unused to the end of the page)                                |
 * 4096 +--------------------------------------------------------------+
 *      | ring 0 slots: slots x (chunk length (8) | pad to 64 | payload)  |
 *      |   (unused to the next page)                                    |
 *      +-- page-aligned ----------------------------------------------+
 *      | ring 1 slots: same                                             |
 *      +--------------------------------------------------------------+
 * </pre>
 *
 * Each ring's slots start on a page of their own: the hardware prefetchers stay within a page, and with ring 1's
 * first slot on the page where ring 0's last one ended, copying one ring's message pulled lines of the other's
 * into the wrong core (a 4 KiB spinning round trip of a minimal Java ring: 1.78–1.92 µs page-aligned against
 * 1.97–2.13 µs packed, C 1.69–1.84; 3 interleaved rounds, 2026-12-02, this project's 2-vCPU VM).
 *
 * <p>A producer writes a slot, then publishes it with a release store of {@code published}; the consumer spins on an
 * acquire load of {@code published}, copies the chunk out and releases the slot with a release store of
 * {@code consumed}. These constants are the only offsets code may use.
 */
public final class ShmLayout {
    /** "IPCMARK1" as a little-endian long. */
    public static final long MAGIC = 0x314B52414D435049L;
    /** Bumped whenever anything below moves. */
    public static final int VERSION = 3;

    /** Offset of the magic number. */
    public static final long MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final long VERSION_OFFSET = 8;
    /** Offset of the creator's PID. */
    public static final long OWNER_PID_OFFSET = 12;
    /** Offset of the payload capacity of one slot. */
    public static final long SLOT_BYTES_OFFSET = 16;
    /** Offset of the number of slots in each ring. */
    public static final long SLOT_COUNT_OFFSET = 24;

    /** Distance between counters: two cache lines. */
    public static final long COUNTER_STRIDE = 128;
    /** Offset of a counter's sync area from the counter. */
    public static final long SYNC_AREA_DISTANCE = 64;
    /** Offset of the first counter block. */
    public static final long COUNTERS_OFFSET = 128;

    private static final long PAGE_BYTES = 4096;

    /** Offset of the first ring's first slot: the page after the header's and counters'. */
    public static final long SLOTS_OFFSET = PAGE_BYTES;
    /** Bytes of slot header before the payload (chunk length, padded to a cache line). */
    public static final long SLOT_HEADER_BYTES = 64;

    /** The largest chunk one slot carries; longer messages are sent in chunks. */
    public static final long MAX_SLOT_BYTES = 64L << 20;

    private ShmLayout() {}

    /** Offset of ring {@code ring}'s published counter. */
    public static long publishedOffset(int ring) {
        return COUNTERS_OFFSET + (2L * ring) * COUNTER_STRIDE;
    }

    /** Offset of ring {@code ring}'s consumed counter. */
    public static long consumedOffset(int ring) {
        return COUNTERS_OFFSET + (2L * ring + 1) * COUNTER_STRIDE;
    }

    /** Bytes one slot takes, header included, kept a multiple of 64. */
    public static long slotStride(long slotBytes) {
        return SLOT_HEADER_BYTES + ((slotBytes + 63) & ~63L);
    }

    /** Bytes one ring's slots take, rounded up to whole pages so that the next ring starts on a page of its own. */
    public static long ringBytes(long slotBytes, int slots) {
        return pageUp(slots * slotStride(slotBytes));
    }

    /** Offset of slot {@code slot}'s chunk-length field in ring {@code ring}. */
    public static long slotOffset(int ring, int slot, long slotBytes, int slots) {
        return SLOTS_OFFSET + ring * ringBytes(slotBytes, slots) + slot * slotStride(slotBytes);
    }

    /** Total segment size for the given slot capacity and count. */
    public static long segmentBytes(long slotBytes, int slots) {
        return SLOTS_OFFSET + 2 * ringBytes(slotBytes, slots);
    }

    /** Offset of the shared area after rings of the given shape: the next page, so it maps like a segment of its own. */
    public static long areaOffset(long slotBytes, int slots) {
        return pageUp(segmentBytes(slotBytes, slots));
    }

    private static long pageUp(long bytes) {
        return (bytes + PAGE_BYTES - 1) & -PAGE_BYTES;
    }

    /** The slot payload capacity for messages of {@code messageBytes}: the message itself, up to the maximum. */
    public static long slotBytesFor(long messageBytes) {
        return Math.min(messageBytes, MAX_SLOT_BYTES);
    }
}
