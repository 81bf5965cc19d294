package dev.ipcmark.gate;

import dev.ipcmark.scenario.Metric;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.TTest;

/**
 * Two states of the machine, told apart by the kernel-entry probe: the baseline's forks' median probes fall into two
 * clusters with a gap between them far wider than the spacing within, and the metric steps from one cluster to the
 * other rather than following the probe along a line. On this project's 2-vCPU VM (2026-12-03) every baseline of
 * {@code ci.yaml} looked like that: the null system call at 1100 to 1210 ns in some forks and 1280 to 1370 ns in the
 * others (a gap of 60 to 130 ns against 3 to 7 ns between neighbouring forks), and every blocking case 14 to 40 % slower
 * in the slow state, flat within each. A line through the two clusters over-corrects the forks at either end of a
 * cluster: a 4 KiB unix-stream stream's five runs, moved along the line, still spread 5.4 % in p50 and 4.8 % in
 * throughput; moved by the step between the states' means, 1.1 and 1.0 %.
 *
 * <p>The step is the difference of the two clusters' mean logarithms, so a change of the code is kept as the same
 * ratio in either state. It comes from the baseline alone; an iteration of any run is put in a state by its own probe
 * (which side of the midpoint of the gap it lies), and a probe beyond the baseline's slow cluster (a third, slower
 * state) is still only moved by the one step: under-corrected, it looks slow, never fast.
 *
 * @param step the slow state's mean logarithm of the metric less the fast state's (a latency's is positive, a rate's
 *     negative)
 * @param fast the baseline's forks in the fast state
 * @param slow the baseline's forks in the slow state
 * @param fastHigh the highest fork probe of the fast state, in ns
 * @param slowLow the lowest fork probe of the slow state, in ns
 */
record KernelEntryStates(double step, int fast, int slow, double fastHigh, double slowLow) {
    /** The fewest baseline forks each state must hold. */
    static final int MIN_FORKS_PER_STATE = 3;
    /** How many times the median spacing of neighbouring forks' probes the gap between the states must be. */
    static final double GAP = 8;

    /**
     * The two states of {@code x} (each baseline fork's median probe) with {@code y} (its median value), when the
     * probes split into two clusters ({@value #MIN_FORKS_PER_STATE} forks or more each, the gap {@value #GAP} times
     * the median spacing or more), the slow state is worse in {@code metric} at {@code p} (one-sided Welch t test of the
     * forks' logarithms), and two means describe the forks better than a line does (a smaller residual sum of squares
     * of the logarithms, each model with two parameters); else empty.
     */
    static Optional<KernelEntryStates> of(Metric metric, double[] x, double[] y, double p) {
        int n = x.length;
        if (n < 2 * MIN_FORKS_PER_STATE || Arrays.stream(y).anyMatch(v -> !(v > 0))) {
            return Optional.empty();
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] spacing = new double[n - 1];
        int widest = -1;
        for (int i = 0; i < n - 1; i++) {
            spacing[i] = sorted[i + 1] - sorted[i];
            boolean inside = i + 1 >= MIN_FORKS_PER_STATE && n - i - 1 >= MIN_FORKS_PER_STATE;
            if (inside && (widest < 0 || spacing[i] > spacing[widest])) {
                widest = i;
            }
        }
        double gap = spacing[widest];
        if (!(gap > 0) || gap < GAP * RunLevelTest.median(spacing)) {
            return Optional.empty();
        }
        double bound = (sorted[widest] + sorted[widest + 1]) / 2;
        double[] logs = Arrays.stream(y).map(Math::log).toArray();
        double[] fastLogs = subset(logs, x, bound, false);
        double[] slowLogs = subset(logs, x, bound, true);
        double step = mean(slowLogs) - mean(fastLogs);
        double sign = metric.higherIsBetter() ? -1 : 1;
        double pWorse = TTest.withDefaults()
                .with(AlternativeHypothesis.GREATER_THAN)
                .test(scaled(slowLogs, sign), scaled(fastLogs, sign))
                .getPValue();
        // A line that cannot be fitted (the forks' values all equal) leaves nothing for the states to explain.
        double line = KernelEntryAdjustment.Fit.of(x, logs)
                .map(KernelEntryAdjustment.Fit::residuals)
                .orElse(0.0);
        if (!(pWorse < p) || residuals(fastLogs) + residuals(slowLogs) >= line) {
            return Optional.empty();
        }
        return Optional.of(
                new KernelEntryStates(step, fastLogs.length, slowLogs.length, sorted[widest], sorted[widest + 1]));
    }

    /** {@code value}, measured at kernel entry {@code probe}, moved to the state of {@code reference}. */
    double move(double value, double probe, double reference) {
        return value * Math.exp(step * (slow(reference) - slow(probe)));
    }

    /** What the gate says about the states, after a verdict's note. */
    String describe(double reference) {
        return String.format(
                Locale.ROOT,
                "values moved to the %s state of kernel entry: the baseline's forks met two, %d at %.0f ns or less and"
                        + " %d at %.0f ns or more, the slow one %+.1f %% in this metric",
                slow(reference) == 1 ? "slow" : "fast",
                fast,
                fastHigh,
                slow,
                slowLow,
                100 * Math.expm1(step));
    }

    /** The probe, in ns, between the states: the midpoint of the gap. */
    double bound() {
        return (fastHigh + slowLow) / 2;
    }

    private int slow(double probe) {
        return probe >= bound() ? 1 : 0;
    }

    private static double[] subset(double[] values, double[] x, double bound, boolean slow) {
        return IntStream.range(0, x.length)
                .filter(i -> (x[i] >= bound) == slow)
                .mapToDouble(i -> values[i])
                .toArray();
    }

    private static double[] scaled(double[] values, double by) {
        return Arrays.stream(values).map(v -> v * by).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double residuals(double[] values) {
        double m = mean(values);
        return Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
    }
}
