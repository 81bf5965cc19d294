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
 * any baseline fork is only partly corrected and still looks slow. Only to withhold a verdict is the slope carried
 * past that range ({@link #pastRange}): a change it then explains is not called a regression (a spell deeper than
 * any the baseline met, re-measured in the same spell, made an A/A run exit 1 on 2026-12-04).
 *
 * <p>The machine has a floor, and slow spells add to it: the blocking cases of a {@code ci.yaml} baseline
 * (2026-12-03) followed the probe steeply through the few forks in a spell and hardly through the rest (the median of
 * pairwise slopes, Theil and Sen's, 0.15 to 0.34 of the least-squares slope in nine of eleven metrics). Moved along
 * one line, a fork whose probe read 37 ns below the median went up by 10 % it had never lost: the 4 KiB pipe stream's
 * five baseline runs, whose p50s spread by 2.4 % (standard deviation of their logarithms) as measured, spread by
 * 3.5 % adjusted. So a second model is fitted as well, the values following the probe only above the median
 * (least squares on the probe held at the median from below), and used when its residuals are smaller, as they were
 * in all eleven metrics (by 2 to 52 %): a fork whose probe lies below the median is then left as measured. Of the
 * two fits' slopes the gentler moves the forks above it: a handful of forks in spells set both, and under-corrected
 * a fork in a spell still looks slow, never fast. Judged again so, the ten A/A runs of that check found 75 % of their
 * p50 and throughput comparisons conclusive instead of 71 % with the floor's own slope and 67 % along one line, with
 * no false call, and every delayed run still failed.
 *
 * <p>Where the machine also changes state within a fork, each iteration moves by its own probe's departure from its
 * fork's median probe as well, with the slope those departures show within the baseline's forks (the within-fork
 * slope of a nested ANCOVA, used when significant at {@value #P_FIT} and held between zero and the forks' slope): an
 * iteration's probe also carries the probe's own jitter, which a smaller within-fork slope says it mostly is. A
 * blocking POSIX queue round trip on one CPU flipped between 8.7 and 12.7 µs from one 100 ms iteration to the next
 * with the probe at 237 and 319 ns (2026-12-02): moved fork by fork, its five baseline runs' medians still spread by
 * 6.3 %; moved iteration by iteration as well, by 1.6 %.
 *
 * <p>When the baseline's forks met two states of the machine rather than a range of them (the probe in two clusters
 * far apart, the metric stepping between them), the values are moved by the step between the states instead
 * ({@link KernelEntryStates}), each iteration by the state its own probe puts it in.
 *
 * <p>Hand-written: no library does the covariate adjustment of nested (run, fork, iteration) samples, and the fit
 * under it is fifteen lines (Commons Statistics, used elsewhere, has no regression; Commons Math 3's SimpleRegression
 * would be a retired line's 2 MB for them). The t distribution is Commons Statistics'.
 *
 * @param slope the metric's change per ns of kernel entry, from the baseline's forks
 * @param reference the baseline forks' median probe, in ns, the level every fork is brought to
 * @param correlation the baseline forks' correlation of value and probe
 * @param forks how many baseline forks the fit used
 * @param withinSlope the metric's change per ns of an iteration's probe away from its fork's median probe, from the
 *     baseline's forks; zero when the baseline does not show one
 * @param floored whether the values follow the probe only above the reference (the machine's floor), not below it
 * @param baseline the baseline's runs, adjusted
 * @param current the current runs, adjusted
 * @param states the two states of the machine the values were moved between instead of along the slope, or null
 * @param highest the highest fork probe among the baseline's forks, in ns: how far the slope is applied
 * @param pastRange the current runs adjusted along the slope past {@code highest} as well, or null when none of their
 *     iterations met a slower kernel entry than that (or the values were moved between states)
 * @param currentHighest the highest probe level among the current runs' iterations, in ns
 */
record KernelEntryAdjustment(
        double slope,
        double reference,
        double correlation,
        int forks,
        double withinSlope,
        boolean floored,
        List<List<double[]>> baseline,
        List<List<double[]>> current,
        KernelEntryStates states,
        double highest,
        List<List<double[]>> pastRange,
        double currentHighest) {
    /** The significance the baseline's correlation must reach. */
    static final double P_FIT = 0.01;
    /** The fewest baseline forks a slope is fitted on. */
    static final int MIN_FORKS = 8;
    /**
     * The least share of its CPU time a case's measuring thread spends in the kernel for a change to be called on its
     * adjusted values alone.
     */
    static final double MIN_KERNEL_SHARE = 0.1;

    /**
     * Whether a case's measuring thread enters the kernel, by the share of CPU time it spent there in each baseline run
     * ({@code kernelShares}, NaN where a run did not record it; the median of those that did must reach {@value
     * #MIN_KERNEL_SHARE}, and a baseline that recorded none is taken to). A case that does not (shared memory with
     * spinning: 0 to 1 % here, against 67 to 84 % for every blocking path) has no path for the probe to measure: when
     * its baseline's forks follow the probe anyway, both followed the host, which the slope still explains much of,
     * but a run whose forks sat where the host put them, with the probe at its fastest, moves by it into a change that
     * is not there. On 2026-12-03 the spinning 64 B round trip's 17 baseline forks at 551 to 672 ns followed the probe
     * (r 0.87); an A/A run at 581 to 752 ns went from +6.9 % as measured to +20.7 % adjusted and was called regressed.
     * Such a case is judged on its adjusted values, but a change is called only when the values as measured show it
     * as well ({@link MetricJudge}).
     */
    static boolean entersKernel(double[] kernelShares) {
        double[] known =
                Arrays.stream(kernelShares).filter(v -> !Double.isNaN(v)).toArray();
        return known.length == 0 || RunLevelTest.median(known) >= MIN_KERNEL_SHARE;
    }

    /**
     * The adjustment of {@code metric}'s values ({@code baseline} and {@code current}: runs of forks of iterations)
     * by their forks' probes ({@code baselineProbe}, {@code currentProbe}, shaped alike); empty when a run lacks the
     * probe or its shape differs, or when the baseline shows neither two states of the machine nor a slope.
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
        Optional<Fit> fit = Fit.of(x, y);
        Optional<KernelEntryStates> states = KernelEntryStates.of(metric, x, y, P_FIT);
        if (states.isPresent()) {
            double reference = RunLevelTest.median(x);
            boolean own = pairedIterations(baseline, baselineProbe) && pairedIterations(current, currentProbe);
            return Optional.of(new KernelEntryAdjustment(
                    fit.map(Fit::slope).orElse(0.0),
                    reference,
                    fit.map(Fit::correlation).orElse(0.0),
                    x.length,
                    0,
                    false,
                    move(baseline, baselineProbe, states.get(), reference, own),
                    move(current, currentProbe, states.get(), reference, own),
                    states.get(),
                    Arrays.stream(x).max().orElseThrow(),
                    null,
                    Double.NaN));
        }
        if (fit.isEmpty()) {
            return Optional.empty();
        }
        boolean worseWhenSlower =
                metric.higherIsBetter() ? fit.get().slope() < 0 : fit.get().slope() > 0;
        if (fit.get().p() >= P_FIT || !worseWhenSlower) {
            return Optional.empty();
        }
        double reference = RunLevelTest.median(x);
        // The machine's floor: the values follow the probe only above the median, when that fits the forks better.
        Optional<Fit> floor = Fit.of(
                        Arrays.stream(x).map(v -> Math.max(v, reference)).toArray(), y)
                .filter(h -> h.residuals() < fit.get().residuals()
                        && Math.signum(h.slope()) == Math.signum(fit.get().slope()));
        // Of the two fits' slopes, the gentler: a few forks in spells set both, and under-corrected a fork in a spell
        // still looks slow, never fast.
        double slope = floor.map(h -> Math.abs(h.slope()) < Math.abs(fit.get().slope())
                        ? h.slope()
                        : fit.get().slope())
                .orElse(fit.get().slope());
        double r = floor.orElse(fit.get()).correlation();
        double low = floor.isPresent() ? reference : Arrays.stream(x).min().orElseThrow();
        double high = Arrays.stream(x).max().orElseThrow();
        double within = pairedIterations(baseline, baselineProbe) && pairedIterations(current, currentProbe)
                ? withinForks(baseline, baselineProbe, slope)
                : 0;
        List<List<double[]>> b = adjust(baseline, baselineProbe, slope, within, reference, low, high);
        List<List<double[]>> c = adjust(current, currentProbe, slope, within, reference, low, high);
        if (b == null || c == null) {
            return Optional.empty();
        }
        // The same slope past the baseline's range, for a run that met a slower kernel than any baseline fork did.
        double currentHighest = highestLevel(current, currentProbe, slope, within);
        List<List<double[]>> past = currentHighest > high
                ? adjust(current, currentProbe, slope, within, reference, low, Double.POSITIVE_INFINITY)
                : null;
        return Optional.of(new KernelEntryAdjustment(
                slope, reference, r, x.length, within, floor.isPresent(), b, c, null, high, past, currentHighest));
    }

    /**
     * The highest level an iteration of {@code runs} is moved from (its fork's median probe, moved by its own probe's
     * departure as {@link #adjust} moves it).
     */
    private static double highestLevel(
            List<List<double[]>> runs, List<List<double[]>> probes, double slope, double within) {
        double highest = Double.NEGATIVE_INFINITY;
        for (int run = 0; run < runs.size(); run++) {
            for (int fork = 0; fork < runs.get(run).size(); fork++) {
                if (runs.get(run).get(fork).length == 0) {
                    continue;
                }
                double[] probe = probes.get(run).get(fork);
                double forkLevel = RunLevelTest.median(probe);
                highest = Math.max(highest, forkLevel);
                for (double p : probe) {
                    highest = Math.max(highest, level(p, forkLevel, slope, within));
                }
            }
        }
        return highest;
    }

    /**
     * The slope of the baseline's iterations' departures from their fork's median value on their probes' departures
     * from the fork's median probe, held between zero and {@code slope}; zero unless they correlate at
     * {@value #P_FIT} in the slope's direction.
     */
    private static double withinForks(List<List<double[]>> baseline, List<List<double[]>> probes, double slope) {
        DoubleStream.Builder dxs = DoubleStream.builder();
        DoubleStream.Builder dys = DoubleStream.builder();
        for (int run = 0; run < baseline.size(); run++) {
            for (int fork = 0; fork < baseline.get(run).size(); fork++) {
                double[] values = baseline.get(run).get(fork);
                if (values.length == 0) {
                    continue;
                }
                double[] probe = probes.get(run).get(fork);
                double mv = RunLevelTest.median(values);
                double mp = RunLevelTest.median(probe);
                for (int i = 0; i < values.length; i++) {
                    dxs.add(probe[i] - mp);
                    dys.add(values[i] - mv);
                }
            }
        }
        double[] dx = dxs.build().toArray();
        double[] dy = dys.build().toArray();
        Optional<Fit> fit = Fit.of(dx, dy);
        if (fit.isEmpty() || fit.get().p() >= P_FIT || Math.signum(fit.get().slope()) != Math.signum(slope)) {
            return 0;
        }
        double within = fit.get().slope();
        return slope > 0 ? Math.min(within, slope) : Math.max(within, slope);
    }

    // Every fork that has values has a probe for each of its iterations.
    private static boolean pairedIterations(List<List<double[]>> values, List<List<double[]>> probes) {
        for (int run = 0; run < values.size(); run++) {
            for (int fork = 0; fork < values.get(run).size(); fork++) {
                int n = values.get(run).get(fork).length;
                if (n > 0 && probes.get(run).get(fork).length != n) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A least-squares line of y on x: its slope, the correlation, the two-sided p of that correlation (t test), and
     * the residual sum of squares.
     */
    record Fit(double slope, double correlation, double p, double residuals) {
        /** The fit of {@code y} on {@code x}; empty with fewer than three points or when either does not vary. */
        static Optional<Fit> of(double[] x, double[] y) {
            double mx = Arrays.stream(x).average().orElse(0);
            double my = Arrays.stream(y).average().orElse(0);
            double sxx = 0;
            double sxy = 0;
            double syy = 0;
            for (int i = 0; i < x.length; i++) {
                sxx += (x[i] - mx) * (x[i] - mx);
                sxy += (x[i] - mx) * (y[i] - my);
                syy += (y[i] - my) * (y[i] - my);
            }
            if (x.length < 3 || sxx == 0 || syy == 0) {
                return Optional.empty();
            }
            double r = sxy / Math.sqrt(sxx * syy);
            int df = x.length - 2;
            double t = Math.abs(r) * Math.sqrt(df / Math.max(1e-12, 1 - r * r));
            return Optional.of(
                    new Fit(sxy / sxx, r, 2 * TDistribution.of(df).survivalProbability(t), syy - sxy * sxy / sxx));
        }
    }

    /**
     * What the gate says about the adjustment of {@code metric}, after a verdict's note; the slopes in the metric's
     * unit (ns, or msg/s for a rate) per ns of kernel entry.
     */
    String describe(Metric metric) {
        if (states != null) {
            return states.describe(reference);
        }
        String unit = metric.higherIsBetter() ? "msg/s" : "ns";
        return String.format(
                        Locale.ROOT,
                        "values adjusted to a kernel entry of %.1f ns, %.3g %s per ns%s from the baseline's %d forks (r %.2f%s)",
                        reference,
                        slope,
                        unit,
                        floored ? " above it" : "",
                        forks,
                        correlation,
                        floored ? "; below it they do not follow the probe" : "")
                + (withinSlope == 0
                        ? ""
                        : String.format(Locale.ROOT, " and %.3g %s per ns within them", withinSlope, unit));
    }

    // Null when a value would not stay positive (a slope that cannot hold for this run).
    private static List<List<double[]>> adjust(
            List<List<double[]>> runs,
            List<List<double[]>> probes,
            double slope,
            double within,
            double reference,
            double low,
            double high) {
        return moveEach(runs, probes, (value, probe, forkLevel) -> {
            // Never past the levels the baseline's forks met, nor below the floor.
            return value - slope * (Math.clamp(level(probe, forkLevel, slope, within), low, high) - reference);
        });
    }

    /**
     * An iteration's level of kernel entry: its fork's, moved by the share of its own probe's departure that the
     * baseline shows to be the machine's ({@code within / slope}).
     */
    private static double level(double probe, double forkLevel, double slope, double within) {
        return within == 0 ? forkLevel : forkLevel + within / slope * (probe - forkLevel);
    }

    // Each iteration moved to the reference's state: by its own probe's state when every iteration has a probe
    // ({@code own}), else by its fork's median probe's.
    private static List<List<double[]>> move(
            List<List<double[]>> runs,
            List<List<double[]>> probes,
            KernelEntryStates states,
            double reference,
            boolean own) {
        return moveEach(
                runs, probes, (value, probe, forkLevel) -> states.move(value, own ? probe : forkLevel, reference));
    }

    /** How one iteration's value moves, from its own probe and its fork's median probe. */
    private interface Mover {
        double apply(double value, double probe, double forkLevel);
    }

    // Every fork's values moved one by one (an iteration without a probe of its own is given its fork's); null when a
    // moved value would not stay positive.
    private static List<List<double[]>> moveEach(List<List<double[]>> runs, List<List<double[]>> probes, Mover mover) {
        List<List<double[]>> moved = new ArrayList<>();
        for (int run = 0; run < runs.size(); run++) {
            List<double[]> forks = new ArrayList<>();
            for (int fork = 0; fork < runs.get(run).size(); fork++) {
                double[] values = runs.get(run).get(fork).clone();
                if (values.length > 0) {
                    double[] probe = probes.get(run).get(fork);
                    double forkLevel = RunLevelTest.median(probe);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = mover.apply(values[i], i < probe.length ? probe[i] : forkLevel, forkLevel);
                        if (!(values[i] > 0)) {
                            return null;
                        }
                    }
                }
                forks.add(values);
            }
            moved.add(forks);
        }
        return moved;
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
