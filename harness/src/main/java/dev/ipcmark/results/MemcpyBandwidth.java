package dev.ipcmark.results;

import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.Sizes;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine's memcpy bandwidth, the ceiling for anything that copies bytes in user space: shared-memory throughput
 * is judged against it. Measured with the same copy the shm transport uses ({@link Memory#copy}) for a block that
 * stays in cache and one that does not, as the best of a few short rounds (the least disturbed by the rest of the
 * machine).
 */
public final class MemcpyBandwidth {
    /** Block sizes measured: cache-resident on most machines, and well beyond any last-level cache. */
    static final long[] BLOCKS = {1L << 20, 64L << 20};

    private static final int ROUNDS = 3;
    private static final long ROUND_NS = 60_000_000;

    private MemcpyBandwidth() {}

    /** MB/s (10^6 bytes per second) per block size, keyed by the size as scenarios write it, e.g. {@code 1MiB}. */
    public static Map<String, Double> measure() {
        Map<String, Double> result = new LinkedHashMap<>();
        for (long block : BLOCKS) {
            result.put(Sizes.format(block), Math.round(megabytesPerSecond(block) * 10) / 10.0);
        }
        return result;
    }

    private static double megabytesPerSecond(long block) {
        // Mapped with their pages faulted in at once: page by page, the 64 MiB blocks' faults took longer than their
        // copies (0.44 of the 0.82 s this measurement took in a run, 2026-12-03).
        try (Shm.Mapping source = Shm.anonymous(block);
                Shm.Mapping target = Shm.anonymous(block)) {
            MemorySegment from = source.segment();
            MemorySegment to = target.segment();
            // Written once more, so no first write of a page is part of the copy.
            from.fill((byte) 1);
            to.fill((byte) 0);
            double best = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long copies = 0;
                long start = System.nanoTime();
                long elapsed;
                do {
                    Memory.copy(from, 0, to, 0, block);
                    copies++;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < ROUND_NS);
                best = Math.max(best, copies * block * 1e3 / elapsed);
            }
            return best;
        }
    }
}
