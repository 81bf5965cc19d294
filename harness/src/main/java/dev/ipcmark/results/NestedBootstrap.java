package dev.ipcmark.results;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * How much one run's median could have come out differently: its forks resampled with replacement, then the
 * iterations within each drawn fork (with one fork, only its iterations), the median (or mean) taken of each
 * resample. Forks
 * first, because forks of one run differ more than iterations of one fork (each fork is its own JVM, code layout and
 * CPU placement). No statistics library resamples in two levels, so this is written here; the gate and the store use
 * it.
 */
public final class NestedBootstrap {
    private NestedBootstrap() {}

    /** A run's per-fork, per-iteration values as recorded (a list per fork) in the form the resamplers take. */
    public static List<double[]> forks(List<List<Double>> recorded) {
        return recorded.stream()
                .map(f -> f.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
    }

    /** {@code resamples} medians of {@code run} (a list of forks, each its iterations' values), resampled as above. */
    public static double[] medians(List<double[]> run, int resamples, SplittableRandom random) {
        return resample(run, resamples, random, NestedBootstrap::median);
    }

    /** {@code resamples} means of {@code run}, resampled as above. */
    public static double[] means(List<double[]> run, int resamples, SplittableRandom random) {
        return resample(run, resamples, random, values -> Arrays.stream(values)
                .average()
                .orElseThrow());
    }

    /** {@code resamples} values of {@code statistic} over {@code run}, resampled as above (none for an empty run). */
    public static double[] resample(
            List<double[]> run, int resamples, SplittableRandom random, ToDoubleFunction<double[]> statistic) {
        List<double[]> forks = run.stream().filter(f -> f.length > 0).toList();
        int total = forks.stream().mapToInt(f -> f.length).sum();
        if (total == 0) {
            return new double[0];
        }
        double[] values = new double[resamples];
        double[] drawn = new double[total];
        for (int i = 0; i < resamples; i++) {
            int at = 0;
            while (at < total) {
                double[] fork = forks.size() == 1 ? forks.getFirst() : forks.get(random.nextInt(forks.size()));
                int take = Math.min(fork.length, total - at);
                for (int k = 0; k < take; k++) {
                    drawn[at++] = fork[random.nextInt(fork.length)];
                }
            }
            values[i] = statistic.applyAsDouble(drawn);
        }
        return values;
    }

    /** The median (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The {@code q} quantile of {@code values}, by linear interpolation between closest ranks. */
    public static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lower = (int) Math.floor(pos);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (pos - lower) * (sorted[upper] - sorted[lower]);
    }

    /** As {@link #quantile}, where values may be infinite: the nearest rank, so an infinite one is kept as such. */
    public static double quantileOrInfinite(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
