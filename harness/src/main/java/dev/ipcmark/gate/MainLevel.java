package dev.ipcmark.gate;

import dev.ipcmark.results.ProbeLevels;
import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

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
 * <p>Some states of the host come and go within a fork, iteration by iteration: the 64 B unix-stream round trip on one
 * CPU took 16.1 to 18.0 µs in 70 of a baseline's 100 iterations and 21.7 to 25.1 µs in 28 (2026-12-04), in forks that
 * switched between the two, so no gap of ×1.5 parted the forks' medians; a run's median was whichever level more
 * than half its iterations met, and the metric "too noisy to gate" (detects ≥ 27 to 44 %) in six of ten A/A runs
 * (2026-12-03). When the forks show no levels, the baseline's iterations are split in two where their logarithms'
 * sum of squares within the halves is least (Otsu's split), and the halves are levels when each holds a tenth of the
 * iterations ({@value #MINORITY}), at most a twentieth of all ({@value #VALLEY}) lie in the middle third between the
 * halves' medians (a valley between two humps: a spread with one hump has a sixth or more there, a normal one 17 %, an
 * even one a third; the unix-stream round trip 2 of 100), and the medians lie far enough apart that a change of
 * {@value #ROOM} times the threshold keeps an iteration on its side of the bound between them, their geometric
 * midpoint. The metric is then judged on the iterations at the level
 * most of them met, each fork keeping those it has there.
 *
 * <p>The levels come from the baseline alone, never from the run judged: a current fork (or iteration) belongs to the
 * level when its median (its value) lies between the geometric midpoints to the neighbouring levels, so a change of the
 * code moves it out of the level only when it moves it halfway to the next one (for the spinning round trip: ×1.7);
 * within that the change is measured, beyond it the run has nothing at the level and is judged on all its forks, as
 * without levels. A current run with nothing at the level therefore cannot be called unchanged by this; a baseline run
 * with nothing there (fewer than {@value Comparison#MIN_SAMPLES} iterations, when split by iterations) is left out of
 * the spread. What this cannot see is a change that only moves values between levels: the share at each level is the
 * host's (whole runs fell at the far one), so it is reported, not tested.
 *
 * @param low the lower bound of the level, exclusive (0 for the fastest level)
 * @param high the upper bound, exclusive (infinite for the slowest)
 * @param typical the median of the level's baseline forks (iterations, when split by iterations)
 * @param levels how many levels the baseline's forks (iterations) settled at
 * @param byIteration whether the levels part iterations rather than whole forks
 * @param baselineAt how many of the baseline's forks (iterations) are at the level
 * @param baselineAll how many baseline forks (iterations) had values
 * @param currentAt how many of the current runs' forks (iterations) are at the level
 * @param currentAll how many current forks (iterations) had values
 * @param keptBaseline the indices of the baseline runs with a fork (enough iterations) at the level
 * @param keptCurrent the indices of the current runs with a fork (enough iterations) at the level (a run and its
 *     re-measurement)
 * @param currentRuns how many current runs there are
 * @param baseline the kept baseline runs, each with only what it has at the level (the other forks left empty)
 * @param current the kept current runs, likewise
 */
record MainLevel(
        double low,
        double high,
        double typical,
        int levels,
        boolean byIteration,
        int baselineAt,
        int baselineAll,
        int currentAt,
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

    /** The fewest baseline iterations two levels of iterations are found among. */
    static final int MIN_ITERATIONS = 20;

    /** The smallest share of the baseline's iterations each of two levels of iterations holds. */
    static final double MINORITY = 0.1;

    /** The largest share of the baseline's iterations in the middle third between two levels of iterations. */
    static final double VALLEY = 0.05;

    /** How many thresholds a change may be and still keep an iteration on its side of the bound between two levels. */
    static final double ROOM = 1.3;

    /** Copies the lists. */
    MainLevel {
        keptBaseline = List.copyOf(keptBaseline);
        keptCurrent = List.copyOf(keptCurrent);
        baseline = List.copyOf(baseline);
        current = List.copyOf(current);
    }

    /**
     * The main level of a metric with these {@code baseline} and {@code current} values (runs of forks of iterations),
     * gated at {@code thresholdPercent}, when the baseline's forks, or else its iterations, settled at two or more levels
     * and enough of its runs have values at the main one; else empty.
     */
    static Optional<MainLevel> of(
            List<List<double[]>> baseline, List<List<double[]>> current, double thresholdPercent) {
        return byForks(baseline, current).or(() -> byIterations(baseline, current, thresholdPercent));
    }

    private static Optional<MainLevel> byForks(List<List<double[]>> baseline, List<List<double[]>> current) {
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
        return at(new Bounds(low, high, false), typical, levels.size(), size(m), medians.length, baseline, current);
    }

    // Otsu's split of the baseline's iterations' logarithms, kept when its halves make two levels (see the class).
    // Written here: no statistics library on the registries splits one sample into two levels this way.
    private static Optional<MainLevel> byIterations(
            List<List<double[]>> baseline, List<List<double[]>> current, double thresholdPercent) {
        double[] logs = Arrays.stream(RunLevelTest.flatten(
                        baseline.stream().flatMap(List::stream).toList()))
                .filter(v -> v > 0)
                .map(Math::log)
                .sorted()
                .toArray();
        int n = logs.length;
        int fewest = (int) Math.ceil(MINORITY * n);
        if (n < MIN_ITERATIONS || Double.isNaN(thresholdPercent)) {
            return Optional.empty();
        }
        double[] sum = new double[n + 1];
        double[] squares = new double[n + 1];
        for (int i = 0; i < n; i++) {
            sum[i + 1] = sum[i] + logs[i];
            squares[i + 1] = squares[i] + logs[i] * logs[i];
        }
        int split = -1;
        double least = Double.POSITIVE_INFINITY;
        for (int k = fewest; k <= n - fewest; k++) {
            double within = squares[n] - sum[k] * sum[k] / k - (sum[n] - sum[k]) * (sum[n] - sum[k]) / (n - k);
            if (within < least) {
                least = within;
                split = k;
            }
        }
        if (split < 0) {
            return Optional.empty();
        }
        double[] lower = Arrays.copyOfRange(logs, 0, split);
        double[] upper = Arrays.copyOfRange(logs, split, n);
        double lowerMedian = RunLevelTest.median(lower);
        double upperMedian = RunLevelTest.median(upper);
        double apart = upperMedian - lowerMedian;
        double room = 2 * Math.log(1 + ROOM * thresholdPercent / 100);
        double from = lowerMedian + apart / 3;
        double to = upperMedian - apart / 3;
        long between = Arrays.stream(logs).filter(v -> v > from && v < to).count();
        if (apart < room || between > VALLEY * n) {
            return Optional.empty();
        }
        double bound = Math.exp((lowerMedian + upperMedian) / 2);
        boolean lowerMain = lower.length >= upper.length;
        Bounds bounds = lowerMain ? new Bounds(0, bound, true) : new Bounds(bound, Double.POSITIVE_INFINITY, true);
        return at(
                bounds,
                Math.exp(lowerMain ? lowerMedian : upperMedian),
                2,
                Math.max(lower.length, upper.length),
                n,
                baseline,
                current);
    }

    /** The limits of the level, and whether they part iterations rather than whole forks. */
    private record Bounds(double low, double high, boolean byIteration) {
        /** Whether {@code value} lies at the level. */
        boolean within(double value) {
            return value > low && value < high;
        }

        /** Whether this fork is at the level: its median, when the levels part forks. */
        boolean forkWithin(double[] fork) {
            return fork.length > 0 && within(RunLevelTest.median(fork));
        }

        /** What of {@code fork} is at the level: its iterations there, or all or none of it. */
        double[] keep(double[] fork) {
            if (byIteration) {
                return Arrays.stream(fork).filter(this::within).toArray();
            }
            return forkWithin(fork) ? fork : new double[0];
        }

        /** Whether {@code run} has enough at the level to be judged there. */
        boolean holds(List<double[]> run) {
            return byIteration
                    ? run.stream()
                                    .mapToLong(f -> Arrays.stream(f)
                                            .filter(this::within)
                                            .count())
                                    .sum()
                            >= Comparison.MIN_SAMPLES
                    : run.stream().anyMatch(this::forkWithin);
        }

        /** How many of the forks (iterations) of {@code runs} are at the level. */
        int count(List<List<double[]>> runs) {
            return (int) runs.stream()
                    .flatMap(List::stream)
                    .mapToLong(f ->
                            byIteration ? Arrays.stream(f).filter(this::within).count() : forkWithin(f) ? 1 : 0)
                    .sum();
        }
    }

    private static Optional<MainLevel> at(
            Bounds bounds,
            double typical,
            int levels,
            int baselineAt,
            int baselineAll,
            List<List<double[]>> baseline,
            List<List<double[]>> current) {
        List<Integer> kept = runsAt(baseline, bounds);
        if (kept.size() < RunLevelTest.MIN_RUNS_FOR_SPREAD) {
            return Optional.empty();
        }
        List<Integer> keptNow = runsAt(current, bounds);
        int currentAll = bounds.byIteration()
                ? RunLevelTest.flatten(current.stream().flatMap(List::stream).toList()).length
                : forkMedians(current).length;
        return Optional.of(new MainLevel(
                bounds.low(),
                bounds.high(),
                typical,
                levels,
                bounds.byIteration(),
                baselineAt,
                baselineAll,
                bounds.count(current),
                currentAll,
                kept,
                keptNow,
                current.size(),
                atLevel(kept.stream().map(baseline::get).toList(), bounds),
                atLevel(keptNow.stream().map(current::get).toList(), bounds)));
    }

    /** Whether a current run has enough at the level: only then is the metric judged at it. */
    boolean reached() {
        return !keptCurrent.isEmpty();
    }

    /**
     * What goes with the baseline's {@code values} iteration by iteration ({@code alongside}, such as the forks'
     * probes), for the kept runs, with what the level left out left out with it.
     */
    List<List<double[]>> baselineAlongside(List<List<double[]>> values, List<List<double[]>> alongside) {
        return alongside(keptBaseline, values, alongside);
    }

    /** As {@link #baselineAlongside}, for the current runs. */
    List<List<double[]>> currentAlongside(List<List<double[]>> values, List<List<double[]>> alongside) {
        return alongside(keptCurrent, values, alongside);
    }

    // When the level parts whole forks, a kept run's companions are kept whole (a fork left out is left empty, and
    // what goes with it is not looked at); when it parts iterations, each fork's companions of the iterations kept. A
    // fork whose companions are not one per iteration keeps them all.
    private List<List<double[]>> alongside(
            List<Integer> runs, List<List<double[]>> values, List<List<double[]>> alongside) {
        Bounds bounds = new Bounds(low, high, byIteration);
        return runs.stream()
                .map(r -> {
                    List<double[]> forks = alongside.get(r);
                    if (!byIteration) {
                        return forks;
                    }
                    List<double[]> kept = new ArrayList<>();
                    for (int f = 0; f < forks.size(); f++) {
                        double[] v = f < values.get(r).size() ? values.get(r).get(f) : new double[0];
                        double[] a = forks.get(f);
                        kept.add(
                                a.length != v.length
                                        ? a
                                        : IntStream.range(0, v.length)
                                                .filter(i -> bounds.within(v[i]))
                                                .mapToDouble(i -> a[i])
                                                .toArray());
                    }
                    return kept;
                })
                .toList();
    }

    /** What the gate says about the level, after a verdict's note. */
    String describe(Metric metric) {
        String bounds = low == 0
                ? "below " + metric.format(high)
                : Double.isInfinite(high)
                        ? "above " + metric.format(low)
                        : "between " + metric.format(low) + " and " + metric.format(high);
        String what = byIteration ? "iterations" : "forks";
        String where = String.format(
                Locale.ROOT,
                byIteration
                        ? "the baseline's iterations settled at %d levels (a state of the host that comes and goes"
                                + " within forks, most likely), %d of %d at about %s"
                        : "the baseline's forks settled at %d levels (the host's placement of the two processes, most"
                                + " likely), %d of %d at about %s",
                levels,
                baselineAt,
                baselineAll,
                metric.format(typical));
        return reached()
                ? where + "; judged at that level (" + bounds + "), where " + currentAt + " of " + whose() + currentAll
                        + " " + what + " " + (currentAt == 1 ? "is" : "are")
                : where + "; " + (byIteration ? "too few" : "none") + " of " + whose() + currentAll + " " + what
                        + " " + (byIteration ? "are" : "is") + " at that level (" + bounds + "), so it is judged on"
                        + " all of them, as a metric without levels is";
    }

    private String whose() {
        return currentRuns == 1 ? "this run's " : "the current runs' ";
    }

    private static List<List<double[]>> atLevel(List<List<double[]>> runs, Bounds bounds) {
        return runs.stream().map(run -> run.stream().map(bounds::keep).toList()).toList();
    }

    // The indices of the runs with enough at the level.
    private static List<Integer> runsAt(List<List<double[]>> runs, Bounds bounds) {
        List<Integer> at = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            if (bounds.holds(runs.get(r))) {
                at.add(r);
            }
        }
        return at;
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
