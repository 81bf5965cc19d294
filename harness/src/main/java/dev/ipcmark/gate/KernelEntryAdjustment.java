package dev.ipcmark.gate;

import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.DoubleStream;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * One metric of one case, corrected for the machine's slow spells by the kernel-entry probe its forks took around
 * every iteration (ANCOVA with the probe as covariate). On a shared VM a blocking round trip on one CPU follows the
 * cost of entering the kernel through spells of seconds (+25 to +45 % for whole forks); a fork that met one is a
 * draw of the machine, not of the code. The slope comes from the baseline's forks alone, never from the run being
 * judged: each fork's median value against its median probe, least squares. It is applied only when the baseline
 * shows it (the correlation significant at {@value #P_FIT}, two-sided t test, and in the direction a slower kernel
 * makes worse) and the baseline has at least {@value #MIN_FORKS} forks. Every value of a fork then moves by the slope
 * times the distance of the fork's probe from the baseline's median probe, that distance held within the range the
 * baseline's forks covered: the gate never extrapolates a slope past what it was fitted on, so a fork slower than
 * any baseline fork is only partly corrected and still looks slow.
 *
 * <p>Hand-written: no library does the covariate adjustment of nested (run, fork, iteration) samples, and the fit
 * under it is fifteen lines (Commons Statistics, used elsewhere, has no regression; Commons Math 3's SimpleRegression
 * would be a retired line's 2 MB for them). The t distribution is Commons Statistics'.
 *
 * @param slope the metric's change per ns of kernel entry, from the baseline's forks
 * @param reference the baseline forks' median probe, in ns, the level every fork is brought to
 * @param correlation the baseline forks' correlation of value and probe
 * @param forks how many baseline forks the fit used
 * @param baseline the baseline's runs, adjusted
 * @param current the current runs, adjusted
 */
record KernelEntryAdjustment(
        double slope,
        double reference,
        double correlation,
        int forks,
        List<List<double[]>> baseline,
        List<List<double[]>> current) {
    /** The significance the baseline's correlation must reach. */
    static final double P_FIT = 0.01;
    /** The fewest baseline forks a slope is fitted on. */
    static final int MIN_FORKS = 8;

    /**
     * The adjustment of {@code metric}'s values ({@code baseline} and {@code current}: runs of forks of iterations)
     * by their forks' probes ({@code baselineProbe}, {@code currentProbe}, shaped alike); empty when a run lacks the
     * probe or its shape differs, or when the baseline does not show a slope.
     */
    static Optional<KernelEntryAdjustment> of(
            Metric metric,
            List<List<double[]>> baseline,
            List<List<double[]>> baselineProbe,
            List<List<double[]>> current,
            List<List<double[]>> currentProbe) {
        if (!shapedAlike(baseline, baselineProbe) || !shapedAlike(current, currentProbe)) {
            return Optional.empty();
        }
        // Each baseline fork that has values: its median probe (x) and its median value (y).
        DoubleStream.Builder xs = DoubleStream.builder();
        DoubleStream.Builder ys = DoubleStream.builder();
        for (int run = 0; run < baseline.size(); run++) {
            for (int fork = 0; fork < baseline.get(run).size(); fork++) {
                double[] values = baseline.get(run).get(fork);
                if (values.length > 0) {
                    xs.add(RunLevelTest.median(baselineProbe.get(run).get(fork)));
                    ys.add(RunLevelTest.median(values));
                }
            }
        }
        double[] x = xs.build().toArray();
        double[] y = ys.build().toArray();
        if (x.length < MIN_FORKS) {
            return Optional.empty();
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) {
            return Optional.empty();
        }
        double slope = sxy / sxx;
        double r = sxy / Math.sqrt(sxx * syy);
        int df = x.length - 2;
        double t = Math.abs(r) * Math.sqrt(df / Math.max(1e-12, 1 - r * r));
        double p = 2 * TDistribution.of(df).survivalProbability(t);
        boolean worseWhenSlower = metric.higherIsBetter() ? slope < 0 : slope > 0;
        if (p >= P_FIT || !worseWhenSlower) {
            return Optional.empty();
        }
        double reference = RunLevelTest.median(x);
        double low = Arrays.stream(x).min().orElseThrow();
        double high = Arrays.stream(x).max().orElseThrow();
        List<List<double[]>> b = adjust(baseline, baselineProbe, slope, reference, low, high);
        List<List<double[]>> c = adjust(current, currentProbe, slope, reference, low, high);
        if (b == null || c == null) {
            return Optional.empty();
        }
        return Optional.of(new KernelEntryAdjustment(slope, reference, r, x.length, b, c));
    }

    /** What the gate says about the adjustment, after a verdict's note. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "values adjusted to a kernel entry of %.1f ns, %.3g ns per ns from the baseline's %d forks (r %.2f)",
                reference,
                slope,
                forks,
                correlation);
    }

    // Null when a value would not stay positive (a slope that cannot hold for this run).
    private static List<List<double[]>> adjust(
            List<List<double[]>> runs,
            List<List<double[]>> probes,
            double slope,
            double reference,
            double low,
            double high) {
        List<List<double[]>> adjusted = new ArrayList<>();
        for (int run = 0; run < runs.size(); run++) {
            List<double[]> forks = new ArrayList<>();
            for (int fork = 0; fork < runs.get(run).size(); fork++) {
                if (runs.get(run).get(fork).length == 0) {
                    forks.add(runs.get(run).get(fork));
                    continue;
                }
                double level = Math.clamp(RunLevelTest.median(probes.get(run).get(fork)), low, high);
                double shift = slope * (level - reference);
                double[] values = runs.get(run).get(fork).clone();
                for (int i = 0; i < values.length; i++) {
                    values[i] -= shift;
                    if (!(values[i] > 0)) {
                        return null;
                    }
                }
                forks.add(values);
            }
            adjusted.add(forks);
        }
        return adjusted;
    }

    // Every run has a probe per fork, and every fork that has values has probes.
    private static boolean shapedAlike(List<List<double[]>> values, List<List<double[]>> probes) {
        if (probes == null || values.size() != probes.size()) {
            return false;
        }
        for (int run = 0; run < values.size(); run++) {
            if (probes.get(run).size() != values.get(run).size()) {
                return false;
            }
            for (int fork = 0; fork < values.get(run).size(); fork++) {
                if (values.get(run).get(fork).length > 0 && probes.get(run).get(fork).length == 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
