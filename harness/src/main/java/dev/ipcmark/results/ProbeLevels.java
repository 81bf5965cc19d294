package dev.ipcmark.results;

import dev.ipcmark.scenario.Durations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A calibration probe whose rounds fell into levels far apart within one run: sorted, its rounds split wherever one is
 * {@value #GAP} times the one before. On a VM this is the host placing the two vCPUs on nearer or farther cores from
 * one moment to the next (on the 2-vCPU AMD EPYC VM the cache-line round trip took about 35, 65 or 320 ns, changing
 * within seconds), and a case whose two processes work on different CPUs moves with it: its forks may settle at levels
 * ({@link ForkLevels}) that are the machine's, not the code's. The probes are taken every few forks, so this says that
 * the machine had levels, not which fork ran at which. A steady drift within the run is one level; the gate's probe
 * test judges drift between runs.
 *
 * @param probe the probe's id
 * @param levels its levels, fastest first
 */
public record ProbeLevels(String probe, List<Level> levels) {
    /** The factor between two sorted rounds that starts a new level: far beyond one round's noise (±10 %). */
    public static final double GAP = 1.5;

    private static final int FEWEST_ROUNDS = 3;

    /** Copies the list. */
    public ProbeLevels {
        levels = List.copyOf(levels);
    }

    /**
     * One level.
     *
     * @param low its fastest round, ns per operation
     * @param high its slowest round
     * @param rounds how many rounds fell in it
     */
    public record Level(double low, double high, int rounds) {}

    /** The levels of {@code probe}, when it had two or more; else empty. */
    public static Optional<ProbeLevels> of(Calibration.Probe probe) {
        return of(
                probe.id(),
                probe.nanosPerOp().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The levels of probe {@code id} whose rounds took {@code nanosPerOp}, when it had two or more; else empty. */
    public static Optional<ProbeLevels> of(String id, double[] nanosPerOp) {
        double[] sorted = nanosPerOp.clone();
        if (sorted.length < FEWEST_ROUNDS) {
            return Optional.empty();
        }
        Arrays.sort(sorted);
        List<Level> levels = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || (sorted[i - 1] > 0 && sorted[i] / sorted[i - 1] >= GAP)) {
                levels.add(new Level(sorted[start], sorted[i - 1], i - start));
                start = i;
            }
        }
        return levels.size() < 2 ? Optional.empty() : Optional.of(new ProbeLevels(id, levels));
    }

    /** The probes of {@code calibration} that had levels, in probe order. */
    public static List<ProbeLevels> of(Calibration calibration) {
        return calibration.probes().stream()
                .map(ProbeLevels::of)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The lines a run prints under its table: a heading, then a line per probe; none when there are none. */
    public static List<String> lines(List<ProbeLevels> found) {
        return ForkP50s.lines(
                heading(), found.stream().map(ProbeLevels::sentence).toList());
    }

    /** The heading under which a run prints these probes. */
    public static String heading() {
        return "The machine ran at levels far apart during this run (calibration probes, taken between forks; on a VM"
                + " the host may move its vCPUs to nearer or farther cores, and cases whose two processes work on two"
                + " CPUs move with it):";
    }

    /** {@code cache-line: 33.6 ns in 1 round, 62.9 ns to 75.7 ns in 9, 309.1 ns to 333.3 ns in 4}. */
    public String sentence() {
        StringBuilder s = new StringBuilder(probe).append(": ");
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            s.append(i == 0 ? "" : ", ")
                    .append(l.low() == l.high() ? time(l.low()) : time(l.low()) + " to " + time(l.high()))
                    .append(" in ")
                    .append(l.rounds())
                    .append(i > 0 ? "" : l.rounds() == 1 ? " round" : " rounds");
        }
        return s.toString();
    }

    // Probes of a few ns to a few hundred keep their tenth; longer ones read as latencies do.
    private static String time(double ns) {
        return ns < 1000 ? String.format(Locale.ROOT, "%.1f ns", ns) : Durations.latency(Math.round(ns));
    }
}
