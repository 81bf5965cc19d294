package dev.ipcmark.results;

import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.Metric;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.statistics.inference.OneWayAnova;

/**
 * A case whose forks each settled at their own level: every fork is a fresh JVM (its own compiled code, memory
 * layout, placement of its threads), steady within itself, yet the forks' medians lie more than {@value
 * #MIN_APART_PERCENT} % apart and a one-way ANOVA of the iterations' p50s by fork says the levels differ (p below
 * {@value #ALPHA}). Such a case's figure is a draw of a few levels: more forks narrow its interval, longer iterations
 * do not, and two runs of it differ by which levels they drew. The spinning shm round trip on a 2-vCPU VM is the
 * example (forks near 440 ns and near 520 ns in one run).
 *
 * @param caseKey the case
 * @param low the least of the forks' median p50s, in ns
 * @param high the greatest, in ns
 * @param withinPercent how much the iterations of one fork vary: the median over the forks of slowest ÷ fastest − 1,
 *     in percent
 * @param pValue the ANOVA's p-value
 * @param forks the forks judged
 * @param placement what the command's cache-line probe read around the fastest and the slowest fork, when it read
 *     them far apart (the host's placement of the two CPUs, which spinning cases follow); empty otherwise
 */
public record ForkLevels(
        String caseKey, double low, double high, double withinPercent, double pValue, int forks, String placement) {
    /** A finding without what the cache-line probe read. */
    public ForkLevels(String caseKey, double low, double high, double withinPercent, double pValue, int forks) {
        this(caseKey, low, high, withinPercent, pValue, forks, "");
    }

    /** How far apart the forks' medians must lie to be reported, in percent. */
    public static final int MIN_APART_PERCENT = 5;
    /** The ANOVA's significance level: with tens of cases per run, a chance finding must be rare. */
    public static final double ALPHA = 0.001;

    private static final int FEWEST_ITERATIONS = 3;
    private static final int FEWEST_FORKS = 2;

    /** How far apart the forks' medians lie, in percent of the least. */
    public double apartPercent() {
        return 100 * (high / low - 1);
    }

    /** The case {@code caseKey} with these per-fork, per-iteration p50s, when its forks settled apart; else empty. */
    public static Optional<ForkLevels> of(String caseKey, List<double[]> p50ByFork) {
        List<double[]> judged =
                p50ByFork.stream().filter(f -> f.length >= FEWEST_ITERATIONS).toList();
        if (judged.size() < FEWEST_FORKS) {
            return Optional.empty();
        }
        double[] medians = new double[judged.size()];
        double[] within = new double[judged.size()];
        for (int i = 0; i < judged.size(); i++) {
            double[] sorted = judged.get(i).clone();
            Arrays.sort(sorted);
            medians[i] = NestedBootstrap.median(sorted);
            within[i] = 100 * (sorted[sorted.length - 1] / sorted[0] - 1);
        }
        Arrays.sort(medians);
        Arrays.sort(within);
        double low = medians[0];
        double high = medians[medians.length - 1];
        if (low <= 0 || 100 * (high / low - 1) <= MIN_APART_PERCENT) {
            return Optional.empty();
        }
        double p = OneWayAnova.withDefaults().test(judged).getPValue();
        // Written so that a NaN p (no spread at all, within or between the forks) is no finding either.
        if (!(p < ALPHA)) {
            return Optional.empty();
        }
        return Optional.of(new ForkLevels(caseKey, low, high, NestedBootstrap.median(within), p, judged.size()));
    }

    /** The cases of {@code results} whose forks settled apart, in their order, with where their CPUs were placed. */
    public static List<ForkLevels> of(List<CaseResult> results) {
        Map<String, CaseResult.Samples> samples = new HashMap<>();
        results.stream()
                .filter(r -> r.samples() != null)
                .forEach(r -> samples.put(r.spec().key(), r.samples()));
        return ForkP50s.judge(results, ForkLevels::of).stream()
                .map(f -> f.placedBy(
                        samples.get(f.caseKey()).of(Metric.P50),
                        samples.get(f.caseKey()).cacheLineNs()))
                .toList();
    }

    /** The cases of the run {@code record} whose forks settled apart, in their order (none without samples). */
    public static List<ForkLevels> of(RunRecord record) {
        Map<String, RunRecord.SamplesRecord> samples = new HashMap<>();
        if (record.cases() != null) {
            record.cases().stream().filter(c -> c.samples() != null).forEach(c -> samples.put(c.key(), c.samples()));
        }
        return ForkP50s.judge(record, ForkLevels::of).stream()
                .map(f -> f.placedBy(
                        samples.get(f.caseKey()).of(Metric.P50),
                        samples.get(f.caseKey()).cacheLineNs()))
                .toList();
    }

    /**
     * This finding with what the cache-line probe read around its fastest and its slowest fork ({@code
     * cacheLineAround}: the command's probe before and after each fork, in the order of {@code p50ByFork}), when the
     * two lie {@value ProbeLevels#GAP} times apart or more (the gap between the probes' levels); else this finding as it is.
     */
    ForkLevels placedBy(List<List<Double>> p50ByFork, List<List<Double>> cacheLineAround) {
        if (p50ByFork == null || cacheLineAround == null || cacheLineAround.size() != p50ByFork.size()) {
            return this;
        }
        int fastest = -1;
        int slowest = -1;
        double[] medians = new double[p50ByFork.size()];
        for (int f = 0; f < medians.length; f++) {
            double[] sorted = p50ByFork.get(f).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            medians[f] = sorted.length == 0 ? Double.NaN : NestedBootstrap.median(sorted);
            if (!Double.isNaN(medians[f])) {
                fastest = fastest < 0 || medians[f] < medians[fastest] ? f : fastest;
                slowest = slowest < 0 || medians[f] > medians[slowest] ? f : slowest;
            }
        }
        if (fastest < 0) {
            return this;
        }
        double near = mean(cacheLineAround.get(fastest));
        double far = mean(cacheLineAround.get(slowest));
        if (!(near > 0) || !(far >= ProbeLevels.GAP * near)) {
            return this;
        }
        return new ForkLevels(
                caseKey,
                low,
                high,
                withinPercent,
                pValue,
                forks,
                String.format(
                        Locale.ROOT,
                        "the cache-line probe between the two CPUs read %.0f ns around its fastest fork and %.0f ns"
                                + " around its slowest: the forks followed where the host placed the two CPUs",
                        near,
                        far));
    }

    // NaN unless the pair is two finite numbers (run.json is read as it was found, and says nothing then).
    private static double mean(List<Double> pair) {
        if (pair == null || pair.size() != 2 || pair.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
            return Double.NaN;
        }
        return (pair.get(0) + pair.get(1)) / 2;
    }

    /** The lines a run prints under its table: a heading, then a sentence per case; none when there are none. */
    public static List<String> lines(List<ForkLevels> found) {
        return ForkP50s.lines(
                heading(found.size()), found.stream().map(ForkLevels::sentence).toList());
    }

    /** The finding in a sentence. */
    public String sentence() {
        return String.format(
                        Locale.ROOT,
                        "%s: each fork settled at its own level, %s to %s over %d forks (%.0f %% apart; the iterations of one"
                                + " fork within %.0f %%; one-way ANOVA p %s): more forks, not longer iterations, narrow its"
                                + " interval",
                        caseKey,
                        Durations.latency(Math.round(low)),
                        Durations.latency(Math.round(high)),
                        forks,
                        apartPercent(),
                        withinPercent,
                        pValue < 1e-6 ? "< 1e-6" : String.format(Locale.ROOT, "= %.1g", pValue))
                + (placement.isEmpty() ? "" : "; " + placement);
    }

    /** The heading under which a run prints these cases. */
    public static String heading(int cases) {
        return "Forks at different levels (" + cases + " case" + (cases == 1 ? "" : "s")
                + "; each fork is a fresh JVM, and these settled apart):";
    }
}
