package dev.ipcmark.gate;

import dev.ipcmark.results.ProbeLevels;
import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One metric of one case judged at the level most of its baseline's forks settled at, when those forks settled at
 * levels far apart: sorted by their medians, a new level starts wherever a fork's median is {@value ProbeLevels#GAP}
 * times the one before (the gap the calibration probes' levels use). On a 2-vCPU VM the host places the two vCPUs on
 * nearer or farther cores for seconds at a time, and a case whose two processes spin on two CPUs settles with it: the
 * 64 B spinning round trip at 170 to 190 ns in most forks and 570 to 670 ns in the rest, with whole runs at either.
 * Pooled, such a metric's runs differ by how many forks drew the far level, which no number of runs averages away
 * ("too noisy": the 64 B round trip's runs detected only changes of ×400 or more); within the level most forks met,
 * its runs agree to a few percent. Levels are found when two of them hold two or more forks each, or when one holds
 * three quarters of the forks ({@value #MOST}) and the rest lie far from it: a lone fork far from all the others (the
 * spinning round trip's one fork at 981 ns among nineteen at 270 to 320 ns in a spell of the host) otherwise made
 * every run of the metric "too noisy", since a run of four forks drawn from twenty may draw it twice. Forks spread
 * over many small levels have none.
 *
 * <p>The levels come from the baseline alone, never from the run judged: a current fork belongs to the level when its
 * median lies between the geometric midpoints to the neighbouring levels, so a change of the code moves a fork out of
 * the level only when it moves it halfway to the next one (for the spinning round trip: ×1.7); within that the change
 * is measured, beyond it the run has no fork at the level and is judged on all its forks, as without levels. A current
 * run whose forks all fell elsewhere therefore cannot be called unchanged by this; a baseline run with no fork at the
 * level is left out of the spread. What this cannot see is a change that only moves forks between levels: the share of
 * forks at each level is the host's (whole runs fell at the far one), so it is reported, not tested.
 *
 * @param low the lower bound of the level, exclusive (0 for the fastest level)
 * @param high the upper bound, exclusive (infinite for the slowest)
 * @param typical the median of the level's baseline forks
 * @param levels how many levels the baseline's forks settled at
 * @param baselineForks how many of the baseline's forks are at the level
 * @param baselineAll how many baseline forks had values
 * @param currentForks how many of the current runs' forks are at the level
 * @param currentAll how many current forks had values
 * @param keptBaseline the indices of the baseline runs with a fork at the level
 * @param keptCurrent the indices of the current runs with a fork at the level (a run and its re-measurement)
 * @param currentRuns how many current runs there are
 * @param baseline the kept baseline runs, each with only its forks at the level (the others left empty)
 * @param current the kept current runs, likewise
 */
record MainLevel(
        double low,
        double high,
        double typical,
        int levels,
        int baselineForks,
        int baselineAll,
        int currentForks,
        int currentAll,
        List<Integer> keptBaseline,
        List<Integer> keptCurrent,
        int currentRuns,
        List<List<double[]>> baseline,
        List<List<double[]>> current) {
    /** The fewest baseline forks a level is found among. */
    static final int MIN_FORKS = 6;

    /** The share of the baseline's forks at one level that makes it the level, whatever the rest did. */
    static final double MOST = 0.75;

    /** Copies the lists. */
    MainLevel {
        keptBaseline = List.copyOf(keptBaseline);
        keptCurrent = List.copyOf(keptCurrent);
        baseline = List.copyOf(baseline);
        current = List.copyOf(current);
    }

    /**
     * The main level of a metric with these {@code baseline} and {@code current} values (runs of forks of iterations),
     * when the baseline's forks settled at two or more levels and enough of its runs have a fork at the main one; else
     * empty.
     */
    static Optional<MainLevel> of(List<List<double[]>> baseline, List<List<double[]>> current) {
        double[] medians = forkMedians(baseline);
        if (medians.length < MIN_FORKS) {
            return Optional.empty();
        }
        Arrays.sort(medians);
        List<int[]> levels = new ArrayList<>(); // [first, end) into medians
        int start = 0;
        for (int i = 1; i <= medians.length; i++) {
            if (i == medians.length || medians[i] / medians[i - 1] >= ProbeLevels.GAP) {
                levels.add(new int[] {start, i});
                start = i;
            }
        }
        // The most populated level; between equals, the fastest (any fixed rule would do: it only has to be the
        // baseline's).
        int main = 0;
        for (int l = 1; l < levels.size(); l++) {
            if (size(levels.get(l)) > size(levels.get(main))) {
                main = l;
            }
        }
        int[] m = levels.get(main);
        boolean twoLevels = levels.stream().filter(l -> size(l) >= 2).count() >= 2;
        boolean nearlyAll = levels.size() >= 2 && size(m) >= MOST * medians.length;
        if (!twoLevels && !nearlyAll) {
            return Optional.empty();
        }
        double low = main == 0 ? 0 : Math.sqrt(medians[m[0] - 1] * medians[m[0]]);
        double high =
                main == levels.size() - 1 ? Double.POSITIVE_INFINITY : Math.sqrt(medians[m[1] - 1] * medians[m[1]]);
        double typical = RunLevelTest.median(Arrays.copyOfRange(medians, m[0], m[1]));
        List<Integer> kept = runsAt(baseline, low, high);
        if (kept.size() < RunLevelTest.MIN_RUNS_FOR_SPREAD) {
            return Optional.empty();
        }
        double[] now = forkMedians(current);
        int currentForks =
                (int) Arrays.stream(now).filter(v -> v > low && v < high).count();
        List<Integer> keptNow = runsAt(current, low, high);
        return Optional.of(new MainLevel(
                low,
                high,
                typical,
                levels.size(),
                size(m),
                medians.length,
                currentForks,
                now.length,
                kept,
                keptNow,
                current.size(),
                atLevel(kept.stream().map(baseline::get).toList(), low, high),
                atLevel(keptNow.stream().map(current::get).toList(), low, high)));
    }

    /** Whether the current runs have a fork at the level: only then is the metric judged at it. */
    boolean reached() {
        return currentForks > 0;
    }

    /** The baseline runs of {@code perRun} (anything given run by run, such as the forks' probes) that are kept. */
    <T> List<T> keptBaseline(List<T> perRun) {
        return keptBaseline.stream().map(perRun::get).toList();
    }

    /** The current runs of {@code perRun} that are kept. */
    <T> List<T> keptCurrent(List<T> perRun) {
        return keptCurrent.stream().map(perRun::get).toList();
    }

    /** What the gate says about the level, after a verdict's note. */
    String describe(Metric metric) {
        String bounds = low == 0
                ? "below " + metric.format(high)
                : Double.isInfinite(high)
                        ? "above " + metric.format(low)
                        : "between " + metric.format(low) + " and " + metric.format(high);
        String where = String.format(
                Locale.ROOT,
                "the baseline's forks settled at %d levels (the host's placement of the two processes, most likely),"
                        + " %d of %d at about %s",
                levels,
                baselineForks,
                baselineAll,
                metric.format(typical));
        return reached()
                ? where + "; judged at that level (" + bounds + "), where " + currentForks + " of " + whose()
                        + currentAll + " forks " + (currentForks == 1 ? "is" : "are")
                : where + "; none of " + whose() + currentAll + " forks is at that level (" + bounds
                        + "), so it is judged on all of them, as a metric without levels is";
    }

    private String whose() {
        return currentRuns == 1 ? "this run's " : "the current runs' ";
    }

    private static List<List<double[]>> atLevel(List<List<double[]>> runs, double low, double high) {
        return runs.stream()
                .map(run -> run.stream()
                        .map(f -> f.length > 0 && within(f, low, high) ? f : new double[0])
                        .toList())
                .toList();
    }

    // The indices of the runs with a fork at the level.
    private static List<Integer> runsAt(List<List<double[]>> runs, double low, double high) {
        List<Integer> at = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            if (runs.get(r).stream().anyMatch(f -> f.length > 0 && within(f, low, high))) {
                at.add(r);
            }
        }
        return at;
    }

    private static boolean within(double[] fork, double low, double high) {
        double median = RunLevelTest.median(fork);
        return median > low && median < high;
    }

    private static double[] forkMedians(List<List<double[]>> runs) {
        return runs.stream()
                .flatMap(List::stream)
                .filter(f -> f.length > 0)
                .mapToDouble(RunLevelTest::median)
                .toArray();
    }

    private static int size(int[] level) {
        return level[1] - level[0];
    }
}
