package dev.ipcmark.gate;

import java.util.Arrays;

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum): does one sample tend to hold larger values than the other? It compares
 * ranks, not means, so it suits small samples of skewed latencies, where a single outlier would move a t-test.
 *
 * <p>Small samples without ties get the exact distribution of U; otherwise the normal approximation with the tie
 * correction and a continuity correction.
 */
public final class MannWhitney {
    /** Largest sample sizes, each, for which the exact distribution is counted. */
    static final int EXACT_LIMIT = 25;

    private MannWhitney() {}

    /**
     * The outcome of a test.
     *
     * @param u the statistic for the first sample: how many of the (first, second) pairs have the first value larger,
     *     ties counting a half
     * @param pValue two-sided p-value
     * @param exact whether {@code pValue} comes from the exact distribution
     */
    public record Result(double u, double pValue, boolean exact) {}

    /** Tests {@code a} against {@code b}; both need at least one value. */
    public static Result test(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        int n1 = a.length;
        int n2 = b.length;
        int n = n1 + n2;
        double[] all = new double[n];
        System.arraycopy(a, 0, all, 0, n1);
        System.arraycopy(b, 0, all, n1, n2);
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Double.compare(all[x], all[y]));
        // Midranks for ties; the tie term sums t³ − t over each group of t equal values.
        double[] rank = new double[n];
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = mid;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double rankSum = 0;
        for (int i = 0; i < n1; i++) {
            rankSum += rank[i];
        }
        double u = rankSum - n1 * (n1 + 1) / 2.0;
        if (tieTerm == 0 && n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) {
            return new Result(u, exactTwoSided((long) u, n1, n2), true);
        }
        double mean = n1 * (double) n2 / 2;
        double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            // Every value is the same: no evidence of any difference.
            return new Result(u, 1, false);
        }
        double z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
        return new Result(u, Math.min(1, 2 * upperNormalTail(Math.max(z, 0))), false);
    }

    /** Two-sided exact p-value of {@code u}: twice the smaller tail, at most 1. */
    static double exactTwoSided(long u, int n1, int n2) {
        double[] counts = distribution(n1, n2);
        double total = Arrays.stream(counts).sum();
        double lower = 0;
        for (int k = 0; k <= u; k++) {
            lower += counts[k];
        }
        double upper = 0;
        for (int k = (int) u; k < counts.length; k++) {
            upper += counts[k];
        }
        return Math.min(1, 2 * Math.min(lower, upper) / total);
    }

    /**
     * How many arrangements of {@code n1} and {@code n2} values give each U from 0 to n1·n2, by the recurrence
     * f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u): the largest value belongs to the first sample (adding n to U)
     * or to the second.
     */
    static double[] distribution(int n1, int n2) {
        // f[m][n] as rows of one table, filled for growing n.
        double[][][] f = new double[n1 + 1][n2 + 1][];
        for (int m = 0; m <= n1; m++) {
            for (int k = 0; k <= n2; k++) {
                double[] row = new double[m * k + 1];
                if (m == 0 || k == 0) {
                    row[0] = 1;
                } else {
                    double[] withoutLast = f[m - 1][k];
                    double[] last = f[m][k - 1];
                    for (int u = 0; u < row.length; u++) {
                        double a = u - k >= 0 && u - k < withoutLast.length ? withoutLast[u - k] : 0;
                        double b = u < last.length ? last[u] : 0;
                        row[u] = a + b;
                    }
                }
                f[m][k] = row;
            }
        }
        return f[n1][n2];
    }

    /** P(Z > z) for a standard normal Z, from the complementary error function. */
    static double upperNormalTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** The complementary error function (Numerical Recipes' erfcc, relative error under 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
