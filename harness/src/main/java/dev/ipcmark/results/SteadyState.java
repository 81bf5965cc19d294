package dev.ipcmark.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A case that had not reached a steady state when its measurement began: in most of its forks the first measured
 * iteration's p50 lies beyond every later iteration's by more than {@value #TOLERANCE_PERCENT} % (slower while code is
 * still being compiled or caches and page tables filled; faster when the machine slows down during the measurement).
 * Such a case's figures mix the warm-up into the result, and between two runs they move with how fast each run warmed
 * up, which a comparison then reads as noise or as a change. The cure is a longer {@code jmh.warmup}.
 *
 * <p>Judged per fork, since each fork is a fresh JVM that warms up anew; forks with fewer than three measured
 * iterations are not judged, nor is a case with fewer than two such forks. The figure is the first iteration's p50
 * over the median of the fork's last half, the median over the forks, with their range.
 *
 * @param caseKey the case
 * @param ratio the median over the judged forks of the first iteration over the median of the last half
 * @param low the least of the forks' ratios
 * @param high the greatest
 * @param unsettledForks the forks whose first iteration lies beyond all their later ones, in the direction of {@code
 *     ratio}
 * @param forks the forks judged
 */
public record SteadyState(String caseKey, double ratio, double low, double high, int unsettledForks, int forks) {
    /** How far beyond every later iteration the first must lie, in percent. */
    public static final int TOLERANCE_PERCENT = 10;

    private static final double TOLERANCE = 1 + TOLERANCE_PERCENT / 100.0;
    private static final int FEWEST_ITERATIONS = 3;
    // One fork's first iteration stands apart by chance too often to be a finding: in two quick.yaml runs (one fork,
    // three iterations) 7 of 99 cases were flagged each time, only 3 of them both times.
    private static final int FEWEST_FORKS = 2;

    /** The case {@code caseKey} with these per-fork, per-iteration p50s, when it had not settled; else empty. */
    public static Optional<SteadyState> of(String caseKey, List<double[]> p50ByFork) {
        List<Double> ratios = new ArrayList<>();
        int slower = 0;
        int faster = 0;
        for (double[] fork : p50ByFork) {
            if (fork.length < FEWEST_ITERATIONS) {
                continue;
            }
            double[] later = Arrays.copyOfRange(fork, 1, fork.length);
            double first = fork[0];
            if (first > TOLERANCE * Arrays.stream(later).max().orElseThrow()) {
                slower++;
            } else if (first * TOLERANCE < Arrays.stream(later).min().orElseThrow()) {
                faster++;
            }
            ratios.add(first / NestedBootstrap.median(Arrays.copyOfRange(fork, fork.length / 2, fork.length)));
        }
        if (ratios.size() < FEWEST_FORKS) {
            return Optional.empty();
        }
        double[] sorted =
                ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double ratio = NestedBootstrap.median(sorted);
        int unsettled = ratio >= 1 ? slower : faster;
        if (2 * unsettled <= sorted.length) {
            return Optional.empty();
        }
        return Optional.of(
                new SteadyState(caseKey, ratio, sorted[0], sorted[sorted.length - 1], unsettled, sorted.length));
    }

    /** The cases of {@code results} that had not settled, in their order. */
    public static List<SteadyState> of(List<CaseResult> results) {
        return ForkP50s.judge(results, SteadyState::of);
    }

    /** The cases of the run {@code record} that had not settled, in their order (none in runs without samples). */
    public static List<SteadyState> of(RunRecord record) {
        return ForkP50s.judge(record, SteadyState::of);
    }

    /** The lines a run prints under its table: a heading, then a sentence per case; none when every case settled. */
    public static List<String> lines(List<SteadyState> unsettled) {
        return ForkP50s.lines(
                heading(unsettled.size()),
                unsettled.stream().map(SteadyState::sentence).toList());
    }

    /** The finding in a sentence. */
    public String sentence() {
        return String.format(
                Locale.ROOT,
                "%s: the first measured iteration took %.2f× as long as the fork's last ones (%.2f to %.2f; %d of %d"
                        + " forks beyond all their later iterations by more than %d %%)",
                caseKey,
                ratio,
                low,
                high,
                unsettledForks,
                forks,
                TOLERANCE_PERCENT);
    }

    /** The heading under which a run prints its unsettled cases. */
    public static String heading(int cases) {
        return "Not at steady state when measured (" + cases + " case" + (cases == 1 ? "" : "s")
                + "; a longer jmh.warmup, or a quieter machine, would settle them):";
    }
}
