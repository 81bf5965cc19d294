package dev.ipcmark.gate;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.Trigamma;

/**
 * What the run-to-run noise of one metric (p50, p99 or throughput) looks like across all the cases of a comparison,
 * so that each case's few baseline runs need not estimate their noise alone: the empirical-Bayes prior of Smyth's
 * moderated t-test (Smyth, "Linear models and empirical Bayes methods for assessing differential expression in
 * microarray experiments", SAGMB 2004; limma's {@code fitFDist}). Each case's sample variance s² (d degrees of freedom)
 * is taken as a scaled chi-square around a prior variance s₀² with d₀ degrees of freedom of its own, fitted by the
 * method of moments on log s²; a case's moderated variance is (d₀·s₀² + d·s²) / (d₀ + d), tested with d₀ + d degrees
 * of freedom. With five baseline runs (d = 4) a lone case's t-test has the tails of 4 degrees of freedom; borrowing
 * strength from eleven other cases gives it twenty or more, without assuming all cases equally noisy.
 *
 * <p>Written here: no JVM statistics library fits this prior. The digamma and trigamma functions come from Apache
 * Commons Numbers.
 *
 * @param variance the prior variance s₀² (on the log scale of the run summaries)
 * @param df its degrees of freedom d₀ (0: no prior; infinite: every case has the prior's variance)
 */
record NoisePrior(double variance, double df) {
    /** No prior: each case judged by its own runs alone. */
    static final NoisePrior NONE = new NoisePrior(0, 0);

    /** Fewest cases whose variances a prior is fitted from. */
    static final int MIN_CASES = 5;

    /** The prior fitted to {@code variances}, each with {@code df} degrees of freedom; {@link #NONE} when too few. */
    static NoisePrior fit(double[] variances, int df) {
        double[] positive = Arrays.stream(variances)
                .filter(v -> v > 0 && Double.isFinite(v))
                .toArray();
        if (positive.length < MIN_CASES || df < 1) {
            return NONE;
        }
        double half = df / 2.0;
        double[] e = Arrays.stream(positive)
                .map(v -> Math.log(v) - Digamma.value(half) + Math.log(half))
                .toArray();
        double mean = Arrays.stream(e).average().orElseThrow();
        double spread =
                Arrays.stream(e).map(x -> (x - mean) * (x - mean)).sum() / (e.length - 1) - Trigamma.value(half);
        if (!(spread > 0)) {
            // The cases vary no more than sampling alone would make them: they share one variance.
            return new NoisePrior(Math.exp(mean), Double.POSITIVE_INFINITY);
        }
        double d0 = 2 * trigammaInverse(spread);
        return new NoisePrior(Math.exp(mean + Digamma.value(d0 / 2) - Math.log(d0 / 2)), d0);
    }

    /** The moderated variance of a case whose own sample variance is {@code s2} with {@code d} degrees of freedom. */
    double moderate(double s2, int d) {
        if (df == 0) {
            return s2;
        }
        return Double.isInfinite(df) ? variance : (df * variance + d * s2) / (df + d);
    }

    /** The degrees of freedom of a moderated variance (capped: beyond a thousand, t is normal). */
    int degreesOfFreedom(int d) {
        return (int) Math.min(1000, Math.floor(df + d));
    }

    /** The y with trigamma(y) = x (trigamma falls monotonically from +∞ to 0 on (0, ∞)), by bisection on log y. */
    static double trigammaInverse(double x) {
        double lo = Math.log(1e-8);
        double hi = Math.log(1e8);
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (Trigamma.value(Math.exp(mid)) > x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp((lo + hi) / 2);
    }
}
