package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * Verifiable message contents, used when a case runs in verification mode and by the contract tests. A message
 * carries its sequence number in its first bytes, bytes derived from that number after it, and (from 16 bytes on) a
 * CRC32C of everything before its last four bytes in those last four bytes. A lost, duplicated, reordered, torn or
 * mixed-up message fails {@link #check}.
 */
public final class Payload {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int CHECKSUM_FROM = 16;
    private static final long CACHE_LINE = 64;

    private Payload() {}

    /**
     * Writes {@code value} into every 64-byte cache line of {@code area}: what producing a payload costs in cache-line
     * ownership, without the cost of computing it.
     */
    public static void touchLines(MemorySegment area, long value) {
        long size = area.byteSize();
        if (size < Long.BYTES) {
            area.fill((byte) value);
            return;
        }
        for (long i = 0; i + Long.BYTES <= size; i += CACHE_LINE) {
            area.set(LONG, i, value);
        }
    }

    /**
     * Reads every 64-byte cache line of {@code area} (one long from each) and returns their sum: what consuming a
     * payload costs in cache-line transfers.
     */
    public static long readLines(MemorySegment area) {
        long size = area.byteSize();
        if (size < Long.BYTES) {
            return area.get(ValueLayout.JAVA_BYTE, 0);
        }
        long sum = 0;
        for (long i = 0; i + Long.BYTES <= size; i += CACHE_LINE) {
            sum += area.get(LONG, i);
        }
        return sum;
    }

    /** Fills {@code message} with the contents of message number {@code seq}. */
    public static void fill(MemorySegment message, long seq) {
        long size = message.byteSize();
        long x = seq * 0x9E3779B97F4A7C15L + 1;
        long i = 0;
        for (; i + 8 <= size; i += 8) {
            message.set(LONG, i, i == 0 ? seq : x);
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        for (; i < size; i++) {
            message.set(ValueLayout.JAVA_BYTE, i, (byte) ((i < 8 ? seq : x) >>> (8 * (i % 8))));
        }
        if (size >= CHECKSUM_FROM) {
            message.set(INT, size - 4, checksum(message));
        }
    }

    /** Throws {@link TransportException} unless {@code message} is message {@code seq}, whole and undamaged. */
    public static void check(MemorySegment message, long seq) {
        long size = message.byteSize();
        long got = size >= 8 ? message.get(LONG, 0) : lowBytes(message, size);
        long want = size >= 8 ? seq : seq & ((1L << (8 * size)) - 1);
        if (got != want) {
            throw new TransportException("message " + seq + " (" + size + " bytes) carries sequence number " + got
                    + ": lost, duplicated or reordered");
        }
        if (size >= CHECKSUM_FROM) {
            int stored = message.get(INT, size - 4);
            int actual = checksum(message);
            if (stored != actual) {
                throw new TransportException("message " + seq + " (" + size + " bytes) fails its CRC32C: stored "
                        + Integer.toHexString(stored) + ", computed " + Integer.toHexString(actual));
            }
        } else {
            MemorySegment expected = MemorySegment.ofArray(new byte[(int) size]);
            fill(expected, seq);
            long at = expected.mismatch(message);
            if (at >= 0) {
                throw new TransportException("message " + seq + " (" + size + " bytes) differs at byte " + at);
            }
        }
    }

    private static long lowBytes(MemorySegment message, long size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (message.get(ValueLayout.JAVA_BYTE, i) & 0xFFL) << (8 * i);
        }
        return value;
    }

    private static int checksum(MemorySegment message) {
        CRC32C crc = new CRC32C();
        crc.update(message.asSlice(0, message.byteSize() - 4).asByteBuffer());
        return (int) crc.getValue();
    }
}
