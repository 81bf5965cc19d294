package dev.ipcmark.gate;

import dev.ipcmark.scenario.GateSpec;
import java.util.ArrayList;
import java.util.List;
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
        if (drift.probes().isEmpty()) {
            warnings.add("no calibration probes to compare (a run made before ipcmark measured them): the machine's"
                    + " own drift cannot be told from the code's");
        }
        return warnings;
    }

    private static Optional<String> injected(RunSamples run, String which) {
        return run.peerDelay()
                .map(d -> "the " + which + " " + run.runId() + " has an injected peer delay of " + d
                        + " per message (inject.peerDelay): it is a test of the gate, not a measurement");
    }
}
