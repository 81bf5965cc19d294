package dev.ipcmark.gate;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A bootstrap confidence interval of the ratio of two medians (current ÷ baseline). Samples are grouped by fork: with
 * two or more forks a resample draws forks first and then iterations within each drawn fork, so that the difference
 * between JVMs (code layout, CPU placement), usually larger than the difference between iterations of one JVM, widens
 * the interval as it should. The random generator is seeded, so the same inputs always give the same interval.
 */
public final class BootstrapRatio {
    /** Resamples drawn per interval. */
    static final int RESAMPLES = 4000;

    private static final long SEED = 0x1bc_3a7_2026L;

    private BootstrapRatio() {}

    /**
     * An interval.
     *
     * @param ratio median of current ÷ median of baseline, from all samples
     * @param low lower bound
     * @param high upper bound
     */
    public record Interval(double ratio, double low, double high) {
        /** Whether the interval lies wholly above or wholly below 1. */
        public boolean excludesOne() {
            return low > 1 || high < 1;
        }
    }

    /**
     * The {@code confidence} (e.g. 0.99) interval of median(current) ÷ median(baseline); each list holds one array of
     * iteration values per fork, and each needs at least one value.
     */
    public static Interval of(List<double[]> baseline, List<double[]> current, double confidence) {
        double ratio = median(flatten(current)) / median(flatten(baseline));
        SplittableRandom random = new SplittableRandom(SEED);
        double[] ratios = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            ratios[i] = median(resample(current, random)) / median(resample(baseline, random));
        }
        Arrays.sort(ratios);
        double tail = (1 - confidence) / 2;
        return new Interval(ratio, quantile(ratios, tail), quantile(ratios, 1 - tail));
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Every fork's values, one after the other. */
    public static double[] flatten(List<double[]> forks) {
        return forks.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] resample(List<double[]> forks, SplittableRandom random) {
        List<double[]> nonEmpty = forks.stream().filter(f -> f.length > 0).toList();
        if (nonEmpty.size() == 1) {
            double[] only = nonEmpty.getFirst();
            return draw(only, only.length, random);
        }
        int total = nonEmpty.stream().mapToInt(f -> f.length).sum();
        double[] out = new double[total];
        int at = 0;
        while (at < total) {
            double[] fork = nonEmpty.get(random.nextInt(nonEmpty.size()));
            int take = Math.min(fork.length, total - at);
            System.arraycopy(draw(fork, take, random), 0, out, at, take);
            at += take;
        }
        return out;
    }

    private static double[] draw(double[] values, int count, SplittableRandom random) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[random.nextInt(values.length)];
        }
        return out;
    }

    /** The {@code q} quantile of sorted values, by linear interpolation between closest ranks. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lower = (int) Math.floor(pos);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (pos - lower) * (sorted[upper] - sorted[lower]);
    }
}
