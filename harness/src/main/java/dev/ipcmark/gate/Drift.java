package dev.ipcmark.gate;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.CpuPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How far the machine itself moved between the baseline's runs and the current ones, by the calibration probes (a null
 * system call, a futex wake-up across cores, a cache line across cores, memcpy), tested like any metric. When it moved
 * beyond the threshold, a case's change is judged against the threshold widened by that much: a case must regress
 * beyond its threshold on top of what the machine did, or its verdict is {@link Verdict#WITHHELD}. Widening rather
 * than dividing the cases' changes by the probes' is the conservative choice: no probe moves exactly as every IPC
 * path does, so the gate neither blames the code for the machine nor pretends to subtract the machine out.
 *
 * @param probes each probe's change, in probe order
 * @param slowdown the largest factor by which a probe slowed down significantly and beyond the threshold (1 when none)
 * @param speedup the smallest factor by which one sped up so (1 when none)
 */
public record Drift(List<ProbeChange> probes, double slowdown, double speedup) {
    /** No drift: no probes, or none moved. */
    public static final Drift NONE = new Drift(List.of(), 1, 1);

    /**
     * The probes that time two CPUs talking (a futex wake-up and a cache line across cores; bench's CalibrationProbes
     * names them): on a VM they move with where the host places the vCPUs, which a case whose two processes share one
     * CPU never crosses between.
     */
    static final Set<String> CROSS_CPU = Set.of("futex-wake", "cache-line");

    /** Copies the list. */
    public Drift {
        probes = List.copyOf(probes);
    }

    /**
     * One probe's change.
     *
     * @param probe its id
     * @param estimate current ÷ baseline time per operation, with its interval
     * @param moved whether it changed significantly (Holm over the probes) and beyond the threshold
     */
    public record ProbeChange(String probe, RunLevelTest.Estimate estimate, boolean moved) {
        /** {@code futex-wake +31.2% [+25.0%, +37.8%]}. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s %+.1f%% [%+.1f%%, %+.1f%%]",
                    probe,
                    (estimate.ratio() - 1) * 100,
                    (estimate.low() - 1) * 100,
                    (estimate.high() - 1) * 100);
        }
    }

    /** The probes of {@code current} against {@code baseline}'s, at {@code alpha} and {@code thresholdPercent}. */
    static Drift of(Baseline baseline, List<RunSamples> current, double alpha, double thresholdPercent) {
        List<String> ids = current.getFirst().probes().keySet().stream()
                .filter(id -> baseline.runs().stream().allMatch(r -> has(r.probes(), id)))
                .filter(id -> current.stream().allMatch(r -> has(r.probes(), id)))
                .toList();
        if (ids.isEmpty()) {
            return NONE;
        }
        List<RunLevelTest.Estimate> estimates = new ArrayList<>();
        for (String id : ids) {
            estimates.add(RunLevelTest.of(
                    baseline.runs().stream()
                            .map(r -> List.of(r.probes().get(id)))
                            .toList(),
                    current.stream().map(r -> List.of(r.probes().get(id))).toList(),
                    false,
                    alpha,
                    alpha / ids.size(),
                    thresholdPercent,
                    // Each probe measures something else: no prior is shared among them.
                    NoisePrior.NONE));
        }
        boolean[] slower = Holm.significant(
                estimates.stream().mapToDouble(RunLevelTest.Estimate::pWorse).toArray(), alpha);
        boolean[] faster = Holm.significant(
                estimates.stream().mapToDouble(RunLevelTest.Estimate::pBetter).toArray(), alpha);
        double t = thresholdPercent / 100;
        double slowdown = 1;
        double speedup = 1;
        List<ProbeChange> changes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            RunLevelTest.Estimate e = estimates.get(i);
            boolean movedUp = slower[i] && e.ratio() > 1 + t;
            boolean movedDown = faster[i] && e.ratio() < 1 - t;
            if (movedUp) {
                slowdown = Math.max(slowdown, e.ratio());
            }
            if (movedDown) {
                speedup = Math.min(speedup, e.ratio());
            }
            changes.add(new ProbeChange(ids.get(i), e, movedUp || movedDown));
        }
        return new Drift(changes, slowdown, speedup);
    }

    private static boolean has(Map<String, double[]> probes, String id) {
        return probes.containsKey(id) && probes.get(id).length >= 2;
    }

    /**
     * The drift that can explain the case {@code caseKey}: for a case on one CPU ({@code cpus: same}), only what the
     * probes that stay on one CPU show.
     */
    Drift forCase(String caseKey) {
        if (!onOneCpu(caseKey)) {
            return this;
        }
        double slower = 1;
        double faster = 1;
        for (ProbeChange p : probes) {
            if (p.moved() && !CROSS_CPU.contains(p.probe())) {
                slower = Math.max(slower, p.estimate().ratio());
                faster = Math.min(faster, p.estimate().ratio());
            }
        }
        return new Drift(probes, slower, faster);
    }

    private static boolean onOneCpu(String caseKey) {
        try {
            return CaseSpec.parse(caseKey).knob(CpuPlacement.KNOB).equals(CpuPlacement.SAME.id());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the machine moved beyond the threshold. */
    public boolean moved() {
        return slowdown > 1 || speedup < 1;
    }

    /** {@code the machine itself is slower: futex-wake +31.2% [+25.0%, +37.8%]}, or empty text when it did not move. */
    public String describe() {
        List<String> moved = probes.stream()
                .filter(ProbeChange::moved)
                .map(ProbeChange::describe)
                .toList();
        if (moved.isEmpty()) {
            return "";
        }
        boolean onlyCrossCpu = probes.stream().filter(ProbeChange::moved).allMatch(p -> CROSS_CPU.contains(p.probe()));
        return "the machine itself " + (slowdown > 1 ? "slowed down" : "sped up") + " between the baseline and this"
                + " run (calibration probes: " + String.join(", ", moved) + "); changes within that are not blamed"
                + " on the code"
                + (onlyCrossCpu ? ", except in cases on one CPU (cpus: same), which these probes do not cross" : "");
    }
}
