package dev.ipcmark.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.inference.TTest;

/**
 * Where a series of measurements shifted: E-divisive means (Matteson and James, "A Nonparametric Approach for Multiple
 * Change Point Analysis of Multivariate Data", JASA 2014), as Hunter and Apache Otava use it for performance history
 * (Fleming et al., "Hunter: Using Change Point Detection to Hunt for Performance Regressions", ICPE 2023).
 *
 * <p>Each segment between the change points found so far is split where the energy divergence of its two sides is
 * largest, Q(X, Y) = 2/(n+m)·Σ|x−y|·… − … (the statistic with exponent 1, which adapts to the series' own noise: it
 * compares distances between the sides with distances within them), and its sides again while a t-test at the split
 * is even loosely significant: these are candidates. Then, as Hunter does (it replaced E-divisive's permutation test
 * with a t-test to be fast and deterministic), each candidate is tested with Welch's t-test between the points since
 * the previous candidate and those up to the next, and the weakest is dropped while it is not significant at
 * {@code maxP}. Judging each step between its neighbours is what finds a step up and back down, which a single split
 * of the whole series blurs. The p-values are Bonferroni-corrected for the number of splits the neighbourhood offered
 * (Hunter does not correct, and a flat series then shows false changes).
 *
 * <p>Written here (no library offers E-divisive on the JVM): one-dimensional data let every split of a segment be
 * scored in O(n log n) with sorted prefix sums instead of the O(n²) pairwise sums, so 10,000 points take milliseconds.
 * The split's right side always runs to the end of its segment (the κ of the original algorithm fixed at the
 * segment's end), which is what the divisive search needs when the segments are bounded by change points already.
 */
public final class ChangePoints {
    /** The significance level Hunter uses by default. */
    public static final double DEFAULT_MAX_P = 0.001;
    /** Fewest points a side of a split must have. */
    public static final int MIN_SIZE = 5;
    /** The uncorrected t-test level at which a split becomes a candidate for pruning. */
    private static final double CANDIDATE_P = 0.05;

    private ChangePoints() {}

    /**
     * A change point.
     *
     * @param index the first point after the change
     * @param before the mean of the points since the previous change point
     * @param after the mean of the points up to the next one
     * @param pValue the t-test's p-value, corrected for the number of splits its segments offered
     */
    public record Change(int index, double before, double after, double pValue) {
        /** The change in percent of the mean before. */
        public double percent() {
            return (after / before - 1) * 100;
        }
    }

    /** The change points of {@code series}, in order, at significance level {@code maxP}. */
    public static List<Change> of(double[] series, double maxP) {
        List<Integer> cuts = new ArrayList<>();
        candidates(series, 0, series.length, cuts);
        cuts.sort(Comparator.naturalOrder());
        prune(series, cuts, maxP);
        List<Change> changes = new ArrayList<>();
        List<Integer> bounds = bounds(cuts, series.length);
        for (int i = 1; i + 1 < bounds.size(); i++) {
            double[] left = Arrays.copyOfRange(series, bounds.get(i - 1), bounds.get(i));
            double[] right = Arrays.copyOfRange(series, bounds.get(i), bounds.get(i + 1));
            changes.add(new Change(
                    bounds.get(i), mean(left), mean(right), adjusted(welch(left, right), left.length + right.length)));
        }
        return changes;
    }

    /**
     * Splits series[start, end) where the energy divergence is largest, and its sides again, while the split's
     * uncorrected t-test is below {@link #CANDIDATE_P}: lenient on purpose, {@link #prune} decides.
     */
    private static void candidates(double[] series, int start, int end, List<Integer> cuts) {
        if (end - start < 2 * MIN_SIZE) {
            return;
        }
        double[] segment = Arrays.copyOfRange(series, start, end);
        double[] q = divergences(segment);
        int best = MIN_SIZE;
        for (int tau = MIN_SIZE; tau <= segment.length - MIN_SIZE; tau++) {
            if (q[tau] > q[best]) {
                best = tau;
            }
        }
        if (!(welch(Arrays.copyOfRange(segment, 0, best), Arrays.copyOfRange(segment, best, segment.length))
                < CANDIDATE_P)) {
            return;
        }
        cuts.add(start + best);
        candidates(series, start, start + best, cuts);
        candidates(series, start + best, end, cuts);
    }

    /**
     * Tests each candidate between its neighbours (the points from the previous candidate to the next) and drops the
     * least significant one while it fails {@code maxP}, corrected: so a step up and back down is judged by the
     * points on either side of each step, not blurred by the other step.
     */
    private static void prune(double[] series, List<Integer> cuts, double maxP) {
        while (!cuts.isEmpty()) {
            List<Integer> bounds = bounds(cuts, series.length);
            int weakest = -1;
            double weakestP = -1;
            for (int i = 1; i + 1 < bounds.size(); i++) {
                double p = adjusted(
                        welch(
                                Arrays.copyOfRange(series, bounds.get(i - 1), bounds.get(i)),
                                Arrays.copyOfRange(series, bounds.get(i), bounds.get(i + 1))),
                        bounds.get(i + 1) - bounds.get(i - 1));
                if (p > weakestP) {
                    weakest = i - 1;
                    weakestP = p;
                }
            }
            if (weakestP < maxP) {
                return;
            }
            cuts.remove(weakest);
        }
    }

    /**
     * The t-test's p-value times the number of splits the segment offered: the split tested is the one least like
     * its sides out of all of them, so its raw p-value would be too small (Bonferroni; without it a flat series of
     * 200 points shows a "change" at p &lt; 0.001 in about one case in twenty).
     */
    private static double adjusted(double p, int segmentLength) {
        return Math.min(1, p * Math.max(1, segmentLength - 2 * MIN_SIZE + 1));
    }

    private static List<Integer> bounds(List<Integer> cuts, int n) {
        List<Integer> bounds = new ArrayList<>();
        bounds.add(0);
        bounds.addAll(cuts);
        bounds.add(n);
        return bounds;
    }

    /**
     * Q(τ) for every split of {@code x} into x[0, τ) and x[τ, n): the energy divergence of the two sides, scaled by
     * the sample sizes as in E-divisive: Q = (n·m/(n+m)) · (2·mean|x−y| − mean|x−x'| − mean|y−y'|).
     */
    static double[] divergences(double[] x) {
        int n = x.length;
        double total = pairSum(x);
        double[] within = new double[n + 1];
        double[] withinRight = new double[n + 1];
        RankSums left = new RankSums(x);
        for (int tau = 1; tau <= n; tau++) {
            // Adding x[τ−1] to the left side adds its distances to everything already there.
            within[tau] = within[tau - 1] + left.distanceToAll(x[tau - 1]);
            left.add(x[tau - 1]);
        }
        RankSums right = new RankSums(x);
        for (int tau = n - 1; tau >= 0; tau--) {
            withinRight[tau] = withinRight[tau + 1] + right.distanceToAll(x[tau]);
            right.add(x[tau]);
        }
        double[] q = new double[n + 1];
        for (int tau = 2; tau <= n - 2; tau++) {
            double a = tau;
            double b = n - tau;
            double between = total - within[tau] - withinRight[tau];
            double e = 2 * between / (a * b) - 2 * within[tau] / (a * (a - 1)) - 2 * withinRight[tau] / (b * (b - 1));
            q[tau] = a * b / (a + b) * e;
        }
        return q;
    }

    /** {@code Σ_{i<j} |x_i − x_j|}, from the sorted values. */
    private static double pairSum(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        double sum = 0;
        double prefix = 0;
        for (int i = 0; i < s.length; i++) {
            sum += i * s[i] - prefix;
            prefix += s[i];
        }
        return sum;
    }

    private static double welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return 1;
        }
        double p = TTest.withDefaults().test(a, b).getPValue();
        return Double.isNaN(p) ? (mean(a) == mean(b) ? 1 : 0) : p;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /**
     * The values added so far, as counts and sums over their ranks among all the series' values (a Fenwick tree):
     * the sum of distances from a value to all of them in O(log n).
     */
    private static final class RankSums {
        private final double[] sorted;
        private final long[] count;
        private final double[] sum;
        private long added;
        private double addedSum;

        RankSums(double[] values) {
            sorted = values.clone();
            Arrays.sort(sorted);
            count = new long[sorted.length + 1];
            sum = new double[sorted.length + 1];
        }

        void add(double v) {
            for (int i = rank(v) + 1; i < count.length; i += i & -i) {
                count[i]++;
                sum[i] += v;
            }
            added++;
            addedSum += v;
        }

        /** Σ |v − u| over the values u added so far. */
        double distanceToAll(double v) {
            long below = 0;
            double belowSum = 0;
            for (int i = rank(v) + 1; i > 0; i -= i & -i) {
                below += count[i];
                belowSum += sum[i];
            }
            return (below * v - belowSum) + ((addedSum - belowSum) - (added - below) * v);
        }

        /** The index of {@code v} among the sorted values (its last occurrence). */
        private int rank(double v) {
            int i = Arrays.binarySearch(sorted, v);
            while (i + 1 < sorted.length && sorted[i + 1] == v) {
                i++;
            }
            return i;
        }
    }
}
