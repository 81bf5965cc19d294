package dev.ipcmark.gate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction (Holm, "A simple sequentially rejective multiple test procedure", 1979): which of a
 * family of tests may be called significant while keeping the chance of any false call at most α. A gate tests every
 * metric of every case of a run; without a correction, one of 27 tests at α = 0.01 would fail a run of unchanged code
 * one time in four.
 */
final class Holm {
    private Holm() {}

    /** For each p-value (NaN: not tested), whether it is significant in the family at level {@code alpha}. */
    static boolean[] significant(double[] p, double alpha) {
        Integer[] order = IntStream.range(0, p.length)
                .filter(i -> !Double.isNaN(p[i]))
                .boxed()
                .sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        boolean[] result = new boolean[p.length];
        int m = order.length;
        for (int k = 0; k < m; k++) {
            if (p[order[k]] > alpha / (m - k)) {
                break;
            }
            result[order[k]] = true;
        }
        return result;
    }

    /** How many of {@code p} are tested (not NaN): the size of the family. */
    static int family(double[] p) {
        return (int) Arrays.stream(p).filter(v -> !Double.isNaN(v)).count();
    }
}
