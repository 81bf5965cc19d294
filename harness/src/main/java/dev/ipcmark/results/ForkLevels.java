package dev.ipcmark.results;

import dev.ipcmark.scenario.Durations;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 */
public record ForkLevels(String caseKey, double low, double high, double withinPercent, double pValue, int forks) {
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

    /** The cases of {@code results} whose forks settled apart, in their order. */
    public static List<ForkLevels> of(List<CaseResult> results) {
        return ForkP50s.judge(results, ForkLevels::of);
    }

    /** The cases of the run {@code record} whose forks settled apart, in their order (none without samples). */
    public static List<ForkLevels> of(RunRecord record) {
        return ForkP50s.judge(record, ForkLevels::of);
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
                pValue < 1e-6 ? "< 1e-6" : String.format(Locale.ROOT, "= %.1g", pValue));
    }

    /** The heading under which a run prints these cases. */
    public static String heading(int cases) {
        return "Forks at different levels (" + cases + " case" + (cases == 1 ? "" : "s")
                + "; each fork is a fresh JVM, and these settled apart):";
    }
}
