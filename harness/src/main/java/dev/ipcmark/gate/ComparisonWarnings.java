package dev.ipcmark.gate;

import dev.ipcmark.results.ForkLevels;
import dev.ipcmark.results.ProbeLevels;
import dev.ipcmark.results.SteadyState;
import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import dev.ipcmark.transport.ExtraJvmOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a comparison says before its verdicts: how the machines differ, and what a reader must know first. */
final class ComparisonWarnings {
    private ComparisonWarnings() {}

    static List<String> environmentDifferences(Baseline baseline, RunSamples current) {
        return baseline.runs().getLast().identity().differences(current.identity());
    }

    static List<String> warnings(Baseline baseline, List<RunSamples> current, GateSpec thresholds, Drift drift) {
        List<String> warnings = new ArrayList<>();
        for (RunSamples r : baseline.runs()) {
            injected(r, "baseline run").ifPresent(warnings::add);
        }
        for (RunSamples r : current) {
            injected(r, "current run").ifPresent(warnings::add);
        }
        RunSamples run = current.getFirst();
        if (!baseline.runs().getLast().jmh().equals(run.jmh())) {
            warnings.add("the runs were measured with different JMH settings: baseline "
                    + baseline.runs().getLast().jmh() + ", current " + run.jmh());
        }
        jvmOptions(baseline, run).ifPresent(warnings::add);
        if (!run.thresholds().equals(thresholds)) {
            warnings.add("the current run's scenario has other gate thresholds; a run is judged by the baseline's (or"
                    + " the command line's), never by its own");
        }
        if (baseline.runs().size() < RunLevelTest.MIN_RUNS_FOR_SPREAD) {
            warnings.add("the baseline has " + baseline.runs().size() + " run"
                    + (baseline.runs().size() == 1 ? "" : "s")
                    + ": its run-to-run noise is unknown, so a slow spell of the machine can look like a regression;"
                    + " add runs (ipcmark baseline add NAME RUN…) until it has " + RunLevelTest.MIN_RUNS_FOR_SPREAD
                    + " or more");
        }
        if (drift.moved()) {
            warnings.add(drift.describe());
        }
        unsettled(baseline, current).ifPresent(warnings::add);
        movingBaseline(baseline).ifPresent(warnings::add);
        machineLevels(baseline, current).ifPresent(warnings::add);
        if (drift.probes().isEmpty()) {
            warnings.add("no calibration probes to compare (a run made before ipcmark measured them): the machine's"
                    + " own drift cannot be told from the code's");
        }
        return warnings;
    }

    /**
     * The cases that had not reached a steady state when measured ({@link SteadyState}), in the current run, in a run
     * that measured cases again to confirm a verdict, or in any of the baseline's: their figures, and so their
     * verdicts, include how fast each run warmed up.
     */
    private static Optional<String> unsettled(Baseline baseline, List<RunSamples> current) {
        Map<String, List<String>> where = new LinkedHashMap<>();
        for (int i = 0; i < current.size(); i++) {
            String which =
                    i == 0 ? "current run" : current.size() == 2 ? "measured again" : "measured again (" + i + ")";
            unsettled(current.get(i)).forEach(u -> where.computeIfAbsent(u.caseKey(), k -> new ArrayList<>())
                    .add(String.format(Locale.ROOT, "%s %.2f×", which, u.ratio())));
        }
        Map<String, Integer> baselineRuns = new LinkedHashMap<>();
        for (RunSamples r : baseline.runs()) {
            unsettled(r).forEach(u -> baselineRuns.merge(u.caseKey(), 1, Integer::sum));
        }
        baselineRuns.forEach((key, n) -> where.computeIfAbsent(key, k -> new ArrayList<>())
                .add(n + " of " + baseline.runs().size() + " baseline runs"));
        if (where.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("not at steady state when measured (the first measured iteration"
                + " beyond all later ones by more than " + SteadyState.TOLERANCE_PERCENT + " % in most forks), so"
                + " these verdicts include how fast each run warmed up; a longer jmh.warmup would settle them: ");
        where.forEach((key, places) ->
                text.append(key).append(" (").append(String.join(", ", places)).append("); "));
        return Optional.of(text.substring(0, text.length() - 2));
    }

    private static List<SteadyState> unsettled(RunSamples run) {
        List<SteadyState> found = new ArrayList<>();
        for (RunSamples.CaseSamples c : run.cases().values()) {
            if (c.ok()) {
                SteadyState.of(c.key(), c.samples().getOrDefault(Metric.P50, List.of()))
                        .ifPresent(found::add);
            }
        }
        return found;
    }

    /**
     * The probes that settled at different levels from one baseline run to the next (the test {@link ForkLevels} makes
     * of a case's forks, over the baseline's runs): the machine moved while the baseline was made, every case's
     * run-to-run spread includes that, and so does each metric's detectable change.
     */
    private static Optional<String> movingBaseline(Baseline baseline) {
        if (baseline.runs().size() < 2) {
            return Optional.empty();
        }
        List<String> moved = new ArrayList<>();
        for (String probe : baseline.runs().getFirst().probes().keySet()) {
            if (baseline.runs().stream().allMatch(r -> r.probes().containsKey(probe))) {
                List<double[]> byRun =
                        baseline.runs().stream().map(r -> r.probes().get(probe)).toList();
                ForkLevels.of(probe, byRun)
                        .ifPresent(l -> moved.add(String.format(
                                Locale.ROOT,
                                "%s %s to %s per operation (%.0f %% apart)",
                                probe,
                                Durations.latency(Math.round(l.low())),
                                Durations.latency(Math.round(l.high())),
                                l.apartPercent())));
            }
        }
        if (moved.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the machine itself moved while the baseline's "
                + baseline.runs().size() + " runs were"
                + " measured (calibration probes, run medians apart at one-way ANOVA p < " + ForkLevels.ALPHA + "): "
                + String.join(", ", moved) + "; every case's run-to-run spread includes that, and so does each"
                + " metric's detectable change: a baseline saved in a steadier hour gates finer");
    }

    /**
     * The probes that ran at levels far apart within a run ({@link ProbeLevels}), in the current runs or the baseline's:
     * a case whose two processes work on two CPUs follows such levels, which no number of runs removes from its spread.
     */
    private static Optional<String> machineLevels(Baseline baseline, List<RunSamples> current) {
        List<String> found = new ArrayList<>();
        for (RunSamples r : current) {
            List<ProbeLevels> levels = levels(r);
            if (!levels.isEmpty()) {
                found.add("in the current run "
                        + r.runId()
                        + " ("
                        + String.join(
                                "; ", levels.stream().map(ProbeLevels::sentence).toList())
                        + ")");
            }
        }
        long inBaseline =
                baseline.runs().stream().filter(r -> !levels(r).isEmpty()).count();
        if (inBaseline > 0) {
            found.add(
                    "in " + inBaseline + " of the baseline's " + baseline.runs().size() + " runs");
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the machine ran at levels far apart within a run (calibration probes), "
                + String.join(", and ", found)
                + ": on a VM the host places its vCPUs on nearer or farther cores from one moment to the next, and a"
                + " case whose two processes work on two CPUs (a spinning shm round trip) follows it, so its forks may"
                + " sit at levels the code did not make (such a case is judged at the level most of its baseline's"
                + " forks met, when they met several)");
    }

    private static List<ProbeLevels> levels(RunSamples run) {
        return run.probes().keySet().stream()
                .sorted()
                .map(id -> ProbeLevels.of(id, run.probes().get(id)))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The HotSpot options every JVM of a run ran with ({@code IPCMARK_JVM_OPTIONS}), when the two sides differ. */
    private static Optional<String> jvmOptions(Baseline baseline, RunSamples run) {
        List<String> inBaseline = baseline.runs().stream()
                .map(r -> named(r.jvmOptions()))
                .distinct()
                .toList();
        String current = named(run.jvmOptions());
        if (inBaseline.equals(List.of(current))) {
            return Optional.empty();
        }
        return Optional.of("the runs' JVMs ran with other options (" + ExtraJvmOptions.ENVIRONMENT + "): baseline "
                + String.join(" / ", inBaseline) + ", current " + current + "; their numbers differ by that too");
    }

    private static String named(String options) {
        return options.isBlank() ? "none" : options;
    }

    private static Optional<String> injected(RunSamples run, String which) {
        return run.peerDelay()
                .map(d -> "the " + which + " " + run.runId() + " has an injected peer delay of " + d
                        + " per message (inject.peerDelay): it is a test of the gate, not a measurement");
    }
}
