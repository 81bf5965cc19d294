package dev.ipcmark.cli;

import dev.ipcmark.bench.MeasuringLock;
import dev.ipcmark.bench.SuiteRunner;
import dev.ipcmark.peer.RunFlags;
import dev.ipcmark.results.Calibration;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.CopyLadder;
import dev.ipcmark.results.CopyVsMap;
import dev.ipcmark.results.EnvironmentProbe;
import dev.ipcmark.results.ForkLevels;
import dev.ipcmark.results.ForkOverhead;
import dev.ipcmark.results.ProbeLevels;
import dev.ipcmark.results.ResultsException;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunManifest;
import dev.ipcmark.results.RunRecorder;
import dev.ipcmark.results.SteadyState;
import dev.ipcmark.scenario.CaseMatrix;
import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.JmhSettings;
import dev.ipcmark.scenario.Scenario;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.TransportKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.IntSummaryStatistics;
import java.util.List;

/**
 * Measures a scenario's cases into a new run directory: the run's manifest and provenance, the suite runner with the
 * console's progress, the files rewritten after every case, and the summary table at the end.
 */
final class Measurement {
    private final Path results;
    private final Long seed;
    private final boolean verify;
    private final String command;

    /**
     * Measures into run directories under {@code results}, in the order {@code seed} gives (random when null), with
     * {@code verify}; {@code command} is what the user typed, for the run's provenance.
     */
    Measurement(Path results, Long seed, boolean verify, String command) {
        this.results = results;
        this.seed = seed;
        this.verify = verify;
        this.command = command;
    }

    /** A run's directory and its results. */
    record Measured(RunDirectory run, List<CaseResult> results) {}

    /** The cases of {@code scenario}, each with its skip reason when it cannot run here. */
    static List<CaseMatrix.PlannedCase> expand(Scenario scenario) {
        return CaseMatrix.expand(
                scenario, TransportKind.catalog(), c -> TransportKind.support(c).reason());
    }

    /** {@code --dry-run}: the cases {@code scenario} would run, and why the skipped ones would be. */
    static void plan(Scenario scenario, PrintWriter out) {
        List<CaseMatrix.PlannedCase> cases = expand(scenario);
        out.printf("%s (%s): %d cases%n", scenario.name(), scenario.source(), cases.size());
        for (CaseMatrix.PlannedCase c : cases) {
            out.printf(
                    "  %s%s%s%n",
                    c.spec().key(),
                    c.warmup()
                                    .map(w -> "  [warm-up " + w.iterations() + " x " + Durations.format(w.time()) + "]")
                                    .orElse("")
                            + c.forks().map(f -> "  [" + f + " forks]").orElse(""),
                    c.skipReason().map(r -> "  [skipped: " + r + "]").orElse(""));
        }
    }

    /** How many forks the cases have: one number, or the range when blocks give theirs. */
    private static String forks(List<CaseMatrix.PlannedCase> cases, JmhSettings jmh) {
        IntSummaryStatistics forks =
                cases.stream().mapToInt(c -> c.jmh(jmh).forks()).summaryStatistics();
        if (forks.getCount() == 0 || forks.getMin() == forks.getMax()) {
            return Integer.toString(forks.getCount() == 0 ? jmh.forks() : forks.getMax());
        }
        return forks.getMin() + " to " + forks.getMax();
    }

    /** Runs {@code cases} of {@code scenario} into a new run directory named after {@code name}. */
    Measured measure(
            Scenario scenario, String name, List<CaseMatrix.PlannedCase> cases, MeasuringLock lock, PrintWriter out) {
        RunDirectory run = RunDirectory.create(results, name);
        lock.describing(run.runId());
        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        RunManifest manifest = new RunManifest(
                run.runId(),
                RunProvenance.of(command, scenario.source()),
                scenario.toDocument(),
                EnvironmentProbe.probe(),
                scenario.jmh().order(),
                runSeed);
        RunFlags flags =
                new RunFlags(verify, scenario.peerDelay(), scenario.jmh().timeout());
        RunRecorder recorder = new RunRecorder(run, manifest, scenario.toDocument());
        out.printf(
                "ipcmark: %s (%s), %d cases, %s fork(s) each%s -> %s%n",
                scenario.name(),
                scenario.source(),
                cases.size(),
                forks(cases, scenario.jmh()),
                CaseMatrix.interleaved(cases, scenario.jmh())
                        ? ", interleaved in random order (seed " + runSeed + ")"
                        : "",
                run.root());
        if (!scenario.peerDelay().isZero()) {
            out.printf(
                    "ipcmark: the peer adds %s to every message (inject.peerDelay): a test of the gate, not a"
                            + " measurement%n",
                    Durations.format(scenario.peerDelay()));
        }
        List<String> extraOptions = ExtraJvmOptions.current();
        if (!extraOptions.isEmpty()) {
            out.printf(
                    "ipcmark: every JVM of this run runs with %s (%s): its numbers are not a plain run's%n",
                    String.join(" ", extraOptions), ExtraJvmOptions.ENVIRONMENT);
        }
        out.flush();
        SuiteRunner runner =
                new SuiteRunner(scenario.jmh(), run, flags, runSeed, new ConsoleProgress(out), recorder::progress);
        List<CaseResult> done;
        try {
            done = runner.run(cases);
        } catch (ResultsException e) {
            String recorded = recorder.failed(e);
            throw new EnvironmentException(e.getMessage() + "; the run stopped with "
                    + recorder.latest().size() + " of " + cases.size() + " case(s) finished; " + recorded);
        }
        Calibration calibration = runner.calibration();
        recorder.finished(done, calibration);
        ConsoleSummary.print(out, run.root(), done);
        ForkOverhead.of(done, cases, scenario.jmh()).map(ForkOverhead::sentence).ifPresent(out::println);
        SteadyState.lines(SteadyState.of(done)).forEach(out::println);
        ForkLevels.lines(ForkLevels.of(done)).forEach(out::println);
        ProbeLevels.lines(ProbeLevels.of(calibration)).forEach(out::println);
        // The headline analysis in words, as run.json and the report have it.
        CopyVsMap.of(done)
                .ifPresent(a -> out.println("Copy vs map: " + a.verdicts().getFirst()));
        CopyLadder.of(done).ifPresent(l -> l.verdicts().forEach(v -> out.println("Copy ladder: " + v.sentence())));
        out.flush();
        return new Measured(run, done);
    }
}
