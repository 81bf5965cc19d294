package dev.ipcmark.gate;

import dev.ipcmark.results.ProbeLevels;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * A run of a case that does not enter the kernel whose forks met a placement of the two CPUs that none of its baseline's
 * forks met. Such a case is a cache line crossing between the two vCPUs, and the host places them near each other or
 * far apart for seconds to minutes; the command's cache-line probe right before and right after each fork says which
 * ({@code samples.cacheLineNs}). When the baseline met both placements the main level sets the minority aside
 * ({@link MainLevel}); when it met only one, a run in the other is the host's doing, not the code's. On 2026-12-03 all
 * twenty baseline forks of the spinning 64 KiB round trip sat in the far placement (the probe 366 to 521 ns, the round
 * trip 8.2 to 9.1 µs) and a run's four forks in the near one (55 to 96 ns, 5.1 µs): "improved −41 %", with 1.5 µs of
 * delay injected into every message. The reverse is a false regression. So a change of such a run in the direction
 * the placement moves it is withheld (better in a nearer placement, worse in a farther one); a change against it is
 * still called, since the placement can only have made it smaller (the same case ×2.8 slower with 20 µs injected,
 * in a run whose forks met the near placement).
 *
 * <p>A fork met an unseen placement when both its probes lie more than {@value ProbeLevels#GAP} times outside the
 * range every probe around the baseline's forks covered (the gap the probes' levels use); the run is judged so when at
 * least half of its forks did, since then its median is theirs. When its runs would keep at least half their forks
 * without the ones that met it, {@link ForksAside} sets those aside instead, and this is not consulted.
 *
 * @param baselineLow the lowest probe around a baseline fork, in ns
 * @param baselineHigh the highest
 * @param currentLow the lowest probe around the current run's forks that met an unseen placement
 * @param currentHigh the highest of those
 * @param unseen how many of the current run's forks met an unseen placement
 * @param forks how many of its forks have probes
 */
record Placement(
        double baselineLow, double baselineHigh, double currentLow, double currentHigh, int unseen, int forks) {

    /**
     * The unseen placement of the current runs' forks ({@code current}: cache-line pairs per fork of each current run)
     * against {@code baseline}'s (likewise, each baseline run); empty when the runs lack the probe or at least half of
     * the current forks met a placement the baseline met.
     */
    static Optional<Placement> unseen(List<List<double[]>> baseline, List<List<double[]>> current) {
        double[] seen = seen(baseline);
        if (seen.length < 2) {
            return Optional.empty();
        }
        double low = Arrays.stream(seen).min().orElseThrow();
        double high = Arrays.stream(seen).max().orElseThrow();
        int forks = 0;
        int unseen = 0;
        DoubleStream.Builder outside = DoubleStream.builder();
        for (double[] pair : current.stream().flatMap(List::stream).toList()) {
            double[] probes = usable(pair).toArray();
            if (probes.length == 0) {
                continue;
            }
            forks++;
            if (Arrays.stream(probes).allMatch(p -> outside(p, low, high))) {
                unseen++;
                Arrays.stream(probes).forEach(outside::add);
            }
        }
        if (forks == 0 || 2 * unseen < forks) {
            return Optional.empty();
        }
        double[] met = outside.build().toArray();
        return Optional.of(new Placement(
                low,
                high,
                Arrays.stream(met).min().orElseThrow(),
                Arrays.stream(met).max().orElseThrow(),
                unseen,
                forks));
    }

    /** Whether the unseen placement is a nearer one than the baseline's (its probe lower), which makes a case faster. */
    boolean nearer() {
        return currentHigh < baselineLow;
    }

    /** What the gate says of it. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "the host placed the two CPUs where no baseline fork met them: the cache-line probe between them read"
                        + " %.0f to %.0f ns around %d of this run's %d forks and %.0f to %.0f ns around every baseline"
                        + " fork",
                currentLow,
                currentHigh,
                unseen,
                forks,
                baselineLow,
                baselineHigh);
    }

    /** Every usable probe around the baseline's forks ({@code baseline}: cache-line pairs per fork of each run). */
    static double[] seen(List<List<double[]>> baseline) {
        return baseline.stream()
                .flatMap(List::stream)
                .flatMapToDouble(Placement::usable)
                .toArray();
    }

    /** Whether a probe lies more than the levels' gap outside the range [{@code low}, {@code high}] the baseline met. */
    static boolean outside(double probe, double low, double high) {
        return probe < low / ProbeLevels.GAP || probe > high * ProbeLevels.GAP;
    }

    /** A fork's probes that are numbers (runs made before the probe was kept have none). */
    static DoubleStream usable(double[] pair) {
        return Arrays.stream(pair).filter(v -> Double.isFinite(v) && v > 0);
    }
}
