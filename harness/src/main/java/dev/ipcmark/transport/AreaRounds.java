package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.lang.foreign.MemorySegment;

/**
 * The chunked-rounds design of a transfer through shared memory (shm's {@code chunk} knob): the payload goes through a
 * shared area of two chunks, one round per chunk. Round {@code k} uses half {@code k % 2}: the sender fills it and
 * sends a notice, the peer reads it and acknowledges; the sender waits for round {@code k - 2}'s acknowledgement before
 * it fills that half again, so it produces one chunk while the peer reads the previous one.
 *
 * <pre>
 *   area:   | half 0 (chunk) | half 1 (chunk) |
 *   rounds:   0, 2, 4, …       1, 3, 5, …       (the last round may be short)
 * </pre>
 *
 * @param payload the payload's size
 * @param chunk the chunk's size; the payload's when the transfer is not chunked (one round)
 */
public record AreaRounds(long payload, long chunk) {
    /** The rounds of {@code spec}'s transfers. */
    public static AreaRounds of(CaseSpec spec) {
        return new AreaRounds(spec.messageBytes(), ShmKnobs.chunkBytes(spec));
    }

    /** How many rounds a payload takes. */
    public int rounds() {
        return Math.toIntExact((payload + chunk - 1) / chunk);
    }

    /** Where in the area round {@code k}'s chunk goes. */
    public long areaOffset(int k) {
        return (k & 1) * chunk;
    }

    /** Where in the payload round {@code k}'s chunk comes from. */
    public long payloadOffset(int k) {
        return k * chunk;
    }

    /**
     * Where round {@code k}'s chunk lies in {@code area}: the area itself when the payload goes in one round (no slice
     * made on the measured path), else its half.
     */
    public MemorySegment chunkIn(MemorySegment area, int k) {
        return chunk >= payload ? area : area.asSlice(areaOffset(k), length(k));
    }

    /** Round {@code k}'s chunk size. */
    public long length(int k) {
        return Math.min(chunk, payload - payloadOffset(k));
    }
}
