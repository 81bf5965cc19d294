package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The layout of the shm fan-in mailbox (version 1): a header, the shared tail, then the slots. As in {@link ShmLayout},
 * every word two processes write sits alone on a 128-byte block (the adjacent-line prefetcher pulls pairs of 64-byte
 * lines), so a producer claiming a position never invalidates the line a receiver spins on.
 *
 * <pre>
 *   0 +--------------------------------------------------------------+
 *     | magic "IMARKFIN" (8) | version (4) | owner PID (4)             |
 *  16 | slots (8) | slot stride (8)                                   |
 * 128 +--------------------------------------------------------------+
 *     | tail: next position to claim, fetch-and-add by producers (8)  |
 * 256 +--------------------------------------------------------------+
 *     | slot 0: sequence (8) | message | pad to a multiple of 128     |
 *     | slot 1 ...                                                    |
 *     | slot (slots - 1)                                              |
 *     +--------------------------------------------------------------+
 * </pre>
 *
 * A slot's sequence says whose turn it is: position p is free when it holds 2p, full when it holds 2p + 1. The header
 * is written before the magic, which is stored last with release semantics: a producer that reads the magic with an
 * acquire load sees an initialised ring. These constants are the only offsets code may use.
 */
final class ShmMailboxLayout {
    /** "IMARKFIN", little-endian. */
    static final long MAGIC = 0x4E49464B52414D49L;
    /** Bumped whenever an offset or a meaning changes. */
    static final int VERSION = 1;

    static final long MAGIC_OFFSET = 0;
    static final long VERSION_OFFSET = 8;
    static final long OWNER_PID_OFFSET = 12;
    static final long SLOTS_OFFSET = 16;
    static final long STRIDE_OFFSET = 24;
    /** The shared tail, alone on its block. */
    static final long TAIL_OFFSET = 128;
    /** The first slot. */
    static final long SLOTS_START = 256;
    /** The block every shared word sits alone on. */
    static final long BLOCK = 128;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private ShmMailboxLayout() {}

    /** Bytes from one slot to the next: its sequence word and a message, in whole blocks. */
    static long stride(long messageBytes) {
        return (Long.BYTES + messageBytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The segment's size for {@code slots} slots of {@code stride} bytes. */
    static long segmentBytes(int slots, long stride) {
        return SLOTS_START + slots * stride;
    }

    /** Where the slot of {@code position} starts: its sequence word, the message after it. */
    static long slot(long position, int slots, long stride) {
        return SLOTS_START + position % slots * stride;
    }

    /** Writes the header and frees every slot for its first lap, then publishes the ring by its magic. */
    static void initialise(MemorySegment s, int slots, long stride) {
        s.set(ValueLayout.JAVA_INT, VERSION_OFFSET, VERSION);
        s.set(ValueLayout.JAVA_INT, OWNER_PID_OFFSET, (int)
                ProcessHandle.current().pid());
        s.set(ValueLayout.JAVA_LONG, SLOTS_OFFSET, slots);
        s.set(ValueLayout.JAVA_LONG, STRIDE_OFFSET, stride);
        for (long p = 0; p < slots; p++) {
            s.set(ValueLayout.JAVA_LONG, slot(p, slots, stride), free(p));
        }
        LONG.setRelease(s, MAGIC_OFFSET, MAGIC);
    }

    /**
     * Why {@code s} is not a ring of {@code slots} slots of {@code stride} bytes made by this layout, or null when it
     * is one.
     */
    static String mismatch(MemorySegment s, int slots, long stride) {
        long magic = (long) LONG.getAcquire(s, MAGIC_OFFSET);
        int version = s.get(ValueLayout.JAVA_INT, VERSION_OFFSET);
        long haveSlots = s.get(ValueLayout.JAVA_LONG, SLOTS_OFFSET);
        long haveStride = s.get(ValueLayout.JAVA_LONG, STRIDE_OFFSET);
        if (magic == MAGIC && version == VERSION && haveSlots == slots && haveStride == stride) {
            return null;
        }
        return "magic " + Long.toHexString(magic) + ", version " + version + ", " + haveSlots + " slots of "
                + haveStride + " bytes, made by PID " + s.get(ValueLayout.JAVA_INT, OWNER_PID_OFFSET);
    }

    /** The sequence of a slot free for {@code position}. */
    static long free(long position) {
        return 2 * position;
    }

    /** The sequence of a slot holding {@code position}'s message. */
    static long full(long position) {
        return 2 * position + 1;
    }
}
