package dev.ipcmark.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * The forks of a case that does not enter the kernel which met a placement of the two CPUs none of its baseline's forks
 * met, set aside when their runs keep at least half of their forks: the run is judged on the forks where the baseline
 * was. A fork met the unseen placement when either of its cache-line probes (right before it, right after it) lies
 * more than the levels' gap outside the range every probe around the baseline's forks covered; a fork with one probe
 * in each placement moved during its measurement, and its value is either placement's or neither's.
 *
 * <p>On 2026-12-03 every baseline fork of the spinning cases met the far placement (the probe about 350 to 500 ns),
 * and five of ten A/A runs had one or two forks in the near one (53 to 75 ns) or moving between them: the spinning 64
 * KiB round trip's forks at 3.6 to 3.7 µs among others at 8.0 to 9.0, the spinning stream's at 9.4 to 10.1 µs among
 * 33 to 37. Kept, each such run's forks disagreed so much more than any baseline run's that its comparison detected
 * only changes of ×5 to ×50 ("too noisy"); the forks beside them agreed with the baseline. Setting them aside cannot
 * hide a change of the code, which moves the forks that remain as well. When fewer than half would remain, the run's
 * median is the unseen placement's, and {@link Placement} withholds a change in the direction that placement moves it
 * instead.
 *
 * @param aside per current run, per fork: whether it is set aside
 * @param baselineLow the lowest probe around a baseline fork, in ns
 * @param baselineHigh the highest
 * @param currentLow the lowest probe outside that range around a fork set aside
 * @param currentHigh the highest of those
 */
record ForksAside(
        List<boolean[]> aside, double baselineLow, double baselineHigh, double currentLow, double currentHigh) {
    /** Copies the list. */
    ForksAside {
        aside = List.copyOf(aside);
    }

    /**
     * The forks to set aside of the {@code current} runs (cache-line pairs per fork of each run) against the
     * {@code baseline}'s (likewise); empty when none met an unseen placement, a run lacks the probe, or a run would keep
     * fewer than half its forks.
     */
    static Optional<ForksAside> of(List<List<double[]>> baseline, List<List<double[]>> current) {
        double[] seen = Placement.seen(baseline);
        if (seen.length < 2 || current.isEmpty()) {
            return Optional.empty();
        }
        double low = Arrays.stream(seen).min().orElseThrow();
        double high = Arrays.stream(seen).max().orElseThrow();
        List<boolean[]> aside = new ArrayList<>();
        DoubleStream.Builder outside = DoubleStream.builder();
        for (List<double[]> run : current) {
            boolean[] flags = new boolean[run.size()];
            int count = 0;
            for (int f = 0; f < run.size(); f++) {
                double[] probes = Placement.usable(run.get(f)).toArray();
                if (probes.length == 0) {
                    return Optional.empty(); // without a fork's probes, the run's placement is not known
                }
                double[] out = Arrays.stream(probes)
                        .filter(p -> Placement.outside(p, low, high))
                        .toArray();
                if (out.length > 0) {
                    flags[f] = true;
                    count++;
                    Arrays.stream(out).forEach(outside::add);
                }
            }
            if (2 * count > run.size()) {
                return Optional.empty();
            }
            aside.add(flags);
        }
        double[] met = outside.build().toArray();
        if (met.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new ForksAside(
                aside,
                low,
                high,
                Arrays.stream(met).min().orElseThrow(),
                Arrays.stream(met).max().orElseThrow()));
    }

    /** The current runs' values ({@code current}: runs of forks of iterations) with the forks set aside left empty. */
    List<List<double[]>> keep(List<List<double[]>> current) {
        List<List<double[]>> kept = new ArrayList<>();
        for (int r = 0; r < current.size(); r++) {
            boolean[] flags = r < aside.size() ? aside.get(r) : new boolean[0];
            List<double[]> run = current.get(r);
            List<double[]> forks = new ArrayList<>();
            for (int f = 0; f < run.size(); f++) {
                forks.add(f < flags.length && flags[f] ? new double[0] : run.get(f));
            }
            kept.add(forks);
        }
        return kept;
    }

    /** How many forks are set aside. */
    int count() {
        int n = 0;
        for (boolean[] flags : aside) {
            for (boolean f : flags) {
                n += f ? 1 : 0;
            }
        }
        return n;
    }

    /** How many forks the current runs have. */
    int forks() {
        return aside.stream().mapToInt(f -> f.length).sum();
    }

    /** What the gate says of it, after a verdict's note. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%d of %s %d forks set aside: the host placed the two CPUs where no baseline fork met them (the"
                        + " cache-line probe read %.0f to %.0f ns around them, %.0f to %.0f ns around every baseline"
                        + " fork)",
                count(),
                aside.size() == 1 ? "this run's" : "the current runs'",
                forks(),
                currentLow,
                currentHigh,
                baselineLow,
                baselineHigh);
    }
}
