package dev.ipcmark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ipcmark.bench.MeasuringLock;
import dev.ipcmark.bench.SuiteRunner;
import dev.ipcmark.gate.Baselines;
import dev.ipcmark.gate.Comparison;
import dev.ipcmark.gate.GateException;
import dev.ipcmark.gate.JsonReport;
import dev.ipcmark.gate.RunSamples;
import dev.ipcmark.report.ReportWriter;
import dev.ipcmark.report.RunData;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.CopyVsMap;
import dev.ipcmark.results.EnvironmentProbe;
import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.results.ResultsException;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunManifest;
import dev.ipcmark.results.SummaryCsv;
import dev.ipcmark.scenario.CaseMatrix;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.Scenario;
import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.scenario.ScenarioOverrides;
import dev.ipcmark.transport.TempRoot;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark run}: expands scenarios into cases and measures each one between two processes. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run scenarios: every case between two real processes, measured by JMH, every round trip in an"
                    + " HdrHistogram.",
            "Writes results/<run-id>/: run.json, summary.csv, scenario.yaml (the resolved scenario: run it again to"
                    + " repeat the run), jmh/*.json, histograms/*.hlog and logs/*.log. Each case's files are written as"
                    + " soon as it is done."
        })
final class RunCommand implements Callable<Integer> {
    static final String DEFAULT_SCENARIO = "scenarios/quick.yaml";

    @Parameters(
            arity = "0..*",
            paramLabel = "SCENARIO",
            description = "Scenario files to run, one after the other (default: " + DEFAULT_SCENARIO + ").")
    private List<Path> scenarios = new ArrayList<>();

    @Option(names = "--quick", description = "Short JMH settings (1 fork, 1x300ms warmup, 2x300ms measurement).")
    private boolean quick;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks per case.")
    private Integer forks;

    @Option(names = "--warmup-iterations", paramLabel = "N", description = "Warmup iterations per fork.")
    private Integer warmupIterations;

    @Option(names = "--warmup-time", paramLabel = "DURATION", description = "Warmup iteration time, e.g. 500ms.")
    private String warmupTime;

    @Option(names = "--iterations", paramLabel = "N", description = "Measurement iterations per fork.")
    private Integer iterations;

    @Option(names = "--time", paramLabel = "DURATION", description = "Measurement iteration time, e.g. 1s.")
    private String time;

    @Option(
            names = "-p",
            paramLabel = "NAME=VALUES",
            description = "Replace a case parameter in every case block, e.g. -p messageSizes=64,4KiB or"
                    + " -p transports=shm, -p mode=blocking,nonblocking-poll. Parameters: "
                    + ScenarioOverrides.PARAM_NAMES
                    + ", or any knob of the scenario's transports (see ipcmark list).")
    private List<String> params = new ArrayList<>();

    @Option(
            names = "--results-dir",
            paramLabel = "DIR",
            description = "Where run directories go (default: results/ next to the launcher).")
    private Path resultsDir;

    @Option(names = "--verify", description = "Check every message's sequence number and checksum in both processes.")
    private boolean verify;

    @Option(names = "--dry-run", description = "Print the cases (and why any would be skipped) without running them.")
    private boolean dryRun;

    @Option(
            names = "--baseline",
            paramLabel = "RUN_OR_NAME",
            description = "After the run, compare it with this run directory or saved baseline (see ipcmark compare),"
                    + " and show both side by side in the report.")
    private String baseline;

    @Option(
            names = "--gate",
            description = "With --baseline: exit 1 when anything regressed (a CI gate). Without it the comparison is"
                    + " only printed.")
    private boolean gate;

    @Option(
            names = "--inject-peer-delay",
            paramLabel = "DURATION",
            description = "Make the peer spin this long (e.g. 20us) on every message: a known slowdown, to check that"
                    + " a gate catches it. Same as the scenario's inject.peerDelay.")
    private String injectPeerDelay;

    @Option(
            names = "--confirm",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "With --gate: measure the cases that regressed again, up to N times (default: ${DEFAULT-VALUE};"
                            + " 0 for never); a regression stands only if every measurement shows it.")
    private int confirm;

    @Option(
            names = "--no-wait",
            description = "If another ipcmark run is measuring on this machine, exit (status 5) instead of waiting for"
                    + " it to finish.")
    private boolean noWait;

    @picocli.CommandLine.Mixin
    private GateOptions gateOptions;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioLoader loader = new ScenarioLoader(TransportKind.catalog());
        ScenarioOverrides overrides = new ScenarioOverrides(
                quick,
                forks,
                warmupIterations,
                iterationTime(warmupTime, "--warmup-time"),
                iterations,
                iterationTime(time, "--time"),
                ScenarioOverrides.parseParams(params));
        List<Path> files = scenarios.isEmpty() ? List.of(Main.home().resolve(DEFAULT_SCENARIO)) : scenarios;
        // Validate everything before running anything: a typo in the third file, or a bad gate option, must not cost
        // the measurements before it.
        Duration peerDelay = injectPeerDelay == null
                ? null
                : ScenarioLoader.peerDelay(injectPeerDelay, "command line (--inject-peer-delay)");
        List<Scenario> loaded = new ArrayList<>();
        for (Path file : files) {
            Scenario s = overrides.applyTo(loader.load(file), loader);
            loaded.add(peerDelay == null ? s : s.withPeerDelay(peerDelay));
        }
        Path baselineDir = baselineDir(files);
        if (dryRun) {
            loaded.forEach(scenario -> plan(scenario, out));
            return ExitCodes.OK;
        }
        TempRoot.problem().ifPresent(problem -> {
            throw new EnvironmentException(problem);
        });
        int status = ExitCodes.OK;
        try (MeasuringLock lock = MeasuringLock.acquire(
                loaded.getFirst().name(),
                noWait,
                holder -> out.printf(
                        "ipcmark: another run is measuring on this machine: %s; waiting for it to finish (--no-wait"
                                + " to exit instead)%n",
                        holder))) {
            for (Scenario scenario : loaded) {
                status = Math.max(status, run(scenario, baselineDir, lock, out));
            }
        }
        return status;
    }

    /** The baseline to compare with, checked before anything runs; null without --baseline. */
    private Path baselineDir(List<Path> files) {
        if (confirm < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--confirm must be 0 or more, got " + confirm);
        }
        if (gate && baseline == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--gate needs --baseline");
        }
        if (baseline == null) {
            return null;
        }
        if (files.size() > 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--baseline compares one run: give one scenario file, not " + files.size());
        }
        gateOptions.validate();
        try {
            Path dir = Baselines.resolve(baseline, gateOptions.baselinesRoot());
            RunSamples.read(dir);
            return dir;
        } catch (GateException e) {
            throw new GateException("--baseline " + baseline + ": " + e.getMessage());
        }
    }

    private static Duration iterationTime(String text, String option) {
        return text == null ? null : ScenarioLoader.positiveDuration(text, "command line (" + option + ")", option);
    }

    private static List<CaseMatrix.PlannedCase> expand(Scenario scenario) {
        return CaseMatrix.expand(
                scenario, TransportKind.catalog(), c -> TransportKind.support(c).reason());
    }

    private static int plan(Scenario scenario, PrintWriter out) {
        List<CaseMatrix.PlannedCase> cases = expand(scenario);
        out.printf("%s (%s): %d cases%n", scenario.name(), scenario.source(), cases.size());
        for (CaseMatrix.PlannedCase c : cases) {
            out.printf(
                    "  %s%s%n",
                    c.spec().key(),
                    c.skipReason().map(r -> "  [skipped: " + r + "]").orElse(""));
        }
        return ExitCodes.OK;
    }

    private int run(Scenario scenario, Path baselineDir, MeasuringLock lock, PrintWriter out) {
        Measured measured = measure(scenario, scenario.name(), expand(scenario), lock, out);
        Path root = measured.run().root();
        int status = measured.results().stream().anyMatch(r -> r.status() == CaseResult.Status.FAILED)
                ? ExitCodes.CASES_FAILED
                : ExitCodes.OK;
        if (baselineDir != null) {
            out.println();
            int verdict = gate(scenario, baselineDir, root, lock, out);
            if (gate) {
                status = Math.max(status, verdict);
            }
        }
        // After the gate, so that the report carries its verdict (gate.json) beside the runs side by side.
        List<Path> reported = baselineDir == null ? List.of(root) : List.of(baselineDir, root);
        try {
            out.println("Report: " + ReportWriter.write(reported, ReportCommand.besideResults(root)));
        } catch (RuntimeException e) {
            // The results are on disk whatever happens here; `ipcmark report` can try again.
            out.println("ipcmark: the report could not be written: " + e.getMessage());
        }
        return status;
    }

    /** A run's directory and its results. */
    private record Measured(RunDirectory run, List<CaseResult> results) {}

    /** Runs {@code cases} of {@code scenario} into a new run directory named after {@code name}. */
    private Measured measure(
            Scenario scenario, String name, List<CaseMatrix.PlannedCase> cases, MeasuringLock lock, PrintWriter out) {
        Path results = resultsDir != null ? resultsDir : Main.home().resolve("results");
        RunDirectory run = RunDirectory.create(results, name);
        lock.describing(run.runId());
        RunManifest manifest =
                new RunManifest(run.runId(), provenance(scenario), scenario.toDocument(), EnvironmentProbe.probe());
        writeScenario(run, scenario);
        // From the first moment: who is writing the run (clean keeps its .work/ while that process lives).
        persist(run, manifest, List.of(), "running");
        out.printf(
                "ipcmark: %s (%s), %d cases, %d fork(s) each -> %s%n",
                scenario.name(), scenario.source(), cases.size(), scenario.jmh().forks(), run.root());
        if (!scenario.peerDelay().isZero()) {
            out.printf(
                    "ipcmark: the peer adds %s to every message (inject.peerDelay): a test of the gate, not a"
                            + " measurement%n",
                    Durations.format(scenario.peerDelay()));
        }
        out.flush();
        AtomicReference<List<CaseResult>> latest = new AtomicReference<>(List.of());
        // Ctrl-C: the finished cases are on disk already; say in run.json that the run did not complete.
        Thread interrupted = new Thread(() -> persist(run, manifest, latest.get(), "interrupted"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        SuiteRunner runner =
                new SuiteRunner(scenario.jmh(), run, verify, scenario.peerDelay(), new ConsoleProgress(out), done -> {
                    latest.set(done);
                    persist(run, manifest, done, "running");
                });
        List<CaseResult> done;
        try {
            done = runner.run(cases);
        } catch (ResultsException e) {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            throw stopped(run, manifest, latest.get(), cases.size(), e);
        }
        persist(run, manifest, done, "finished");
        Runtime.getRuntime().removeShutdownHook(interrupted);
        printSummary(out, run, done);
        return new Measured(run, done);
    }

    /**
     * Compares the run with the baseline and publishes the verdicts; with {@code --gate}, the cases that regressed are
     * first measured again ({@code --confirm} times) and a regression stands only when every measurement shows it.
     */
    private int gate(Scenario scenario, Path baselineDir, Path current, MeasuringLock lock, PrintWriter out) {
        try {
            Comparison comparison = gateOptions.comparison(baselineDir, current);
            for (int i = 1; gate && i <= confirm && !comparison.regressedCases().isEmpty(); i++) {
                Set<String> suspects = new LinkedHashSet<>(comparison.regressedCases());
                out.printf(
                        "ipcmark: %d case(s) regressed; measuring them again to confirm (%d of --confirm %d)%n",
                        suspects.size(), i, confirm);
                List<CaseMatrix.PlannedCase> again = expand(scenario).stream()
                        .filter(c -> suspects.contains(c.spec().key()))
                        .toList();
                Measured m = measure(scenario, scenario.name() + "-confirm", again, lock, out);
                comparison = comparison.confirmedBy(
                        gateOptions.comparison(baselineDir, m.run().root()));
                out.println();
            }
            RunDirectory.writeAtomically(current.resolve(RunData.GATE_FILE), JsonReport.render(comparison));
            return gateOptions.publish(comparison, out);
        } catch (GateException e) {
            out.println("ipcmark: the comparison with " + baselineDir + " could not be made: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /**
     * The run cannot go on because its results cannot be written: says so in run.json if that can still be written,
     * and returns the one-line error to end the command with.
     */
    private static EnvironmentException stopped(
            RunDirectory run, RunManifest manifest, List<CaseResult> done, int total, ResultsException cause) {
        String reason = cause.getMessage();
        String recorded;
        try {
            RunDirectory.writeAtomically(
                    run.root().resolve(RunDirectory.MANIFEST),
                    manifest.render(done, "failed", OffsetDateTime.now().toString(), reason));
            recorded = "run.json says the run failed and keeps the cases done";
        } catch (ResultsException again) {
            recorded = "run.json could not be updated either (" + again.getMessage() + ")";
        }
        return new EnvironmentException(
                reason + "; the run stopped with " + done.size() + " of " + total + " case(s) finished; " + recorded);
    }

    private static void persist(RunDirectory run, RunManifest manifest, List<CaseResult> results, String state) {
        RunDirectory.writeAtomically(run.root().resolve("summary.csv"), SummaryCsv.render(results));
        if (results.stream().anyMatch(r -> !r.parts().isEmpty())) {
            RunDirectory.writeAtomically(run.root().resolve("parts.csv"), SummaryCsv.renderParts(results));
        }
        CopyVsMap.of(results)
                .ifPresent(
                        a -> RunDirectory.writeAtomically(run.root().resolve(RunManifest.COPY_VS_MAP_FILE), a.csv()));
        String finishedAt =
                state.equals("running") ? null : OffsetDateTime.now().toString();
        RunDirectory.writeAtomically(
                run.root().resolve(RunDirectory.MANIFEST), manifest.render(results, state, finishedAt, null));
    }

    private static void writeScenario(RunDirectory run, Scenario scenario) {
        try {
            ObjectMapper yaml =
                    new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
            String text = "# Resolved scenario of run " + run.runId() + " (from " + scenario.source()
                    + ", command-line overrides applied).\n# Repeat the run: ./ipcmark run " + run.root()
                    + "/scenario.yaml\n" + yaml.writeValueAsString(scenario.toDocument());
            RunDirectory.writeAtomically(run.root().resolve("scenario.yaml"), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, Object> provenance(Scenario scenario) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("startedAt", OffsetDateTime.now().toString());
        // Who writes the run: clean keeps its .work/ while this process lives.
        p.put("pid", ProcessHandle.current().pid());
        p.put(
                "command",
                "ipcmark "
                        + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        p.put("scenarioFile", scenario.source());
        p.put("scenarioSha256", sha256(Path.of(scenario.source())));
        var v = Main.versions();
        p.put(
                "versions",
                Map.of(
                        "ipcmark", v.getProperty("version", "unknown"),
                        "jmh", v.getProperty("jmh", "unknown"),
                        "hdrhistogram", v.getProperty("hdrhistogram", "unknown"),
                        "java", System.getProperty("java.version")));
        p.put("git", git());
        return p;
    }

    private static String sha256(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    /** The commit ipcmark was built from, for provenance; never on a measured path. */
    private static Map<String, Object> git() {
        Optional<String> commit = gitOutput("rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Map.of("commit", "unknown");
        }
        return Map.of(
                "commit", commit.get(),
                "dirty",
                        gitOutput("status", "--porcelain", "--untracked-files=no")
                                .map(s -> !s.isBlank())
                                .orElse(false));
    }

    private static Optional<String> gitOutput(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", Main.home().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void printSummary(PrintWriter out, RunDirectory run, List<CaseResult> results) {
        out.println();
        out.printf("%-44s %-8s %10s %10s %10s %10s %12s%n", "case", "status", "p50", "p99", "p99.9", "max", "ops/s");
        for (CaseResult r : results) {
            LatencyStats l = r.latency();
            if (l == null) {
                out.printf("%-44s %-8s %s%n", r.spec().key(), r.status().id(), firstLine(r.reason()));
            } else {
                out.printf(
                        Locale.ROOT,
                        "%-44s %-8s %10s %10s %10s %10s %12.0f%n",
                        r.spec().key(),
                        r.status().id(),
                        ConsoleProgress.nanos(l.p50()),
                        ConsoleProgress.nanos(l.p99()),
                        ConsoleProgress.nanos(l.p999()),
                        ConsoleProgress.nanos(l.max()),
                        r.opsPerSecond());
            }
        }
        out.println();
        out.println("Results: " + run.root());
        out.println("  run.json, summary.csv, scenario.yaml, jmh/, histograms/ (.hlog), logs/");
        out.flush();
    }

    static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }

    /** Progress lines instead of JMH's own output (which goes to logs/). */
    private record ConsoleProgress(PrintWriter out) implements SuiteRunner.Progress {
        @Override
        public void started(int index, int total, CaseSpec spec, Duration elapsed, Duration left) {
            out.printf(
                    "[%d/%d] %-44s elapsed %s, about %s left%n", index, total, spec.key(), clock(elapsed), clock(left));
            out.flush();
        }

        @Override
        public void finished(int index, int total, CaseResult r) {
            switch (r.status()) {
                case OK ->
                    out.printf(
                            Locale.ROOT,
                            "        ok       p50 %s  p99 %s  max %s  (%.1f s)%n",
                            nanos(r.latency().p50()),
                            nanos(r.latency().p99()),
                            nanos(r.latency().max()),
                            r.seconds());
                case FAILED -> out.printf("        FAILED   %s%n", r.reason().replace("\n", "\n                 "));
                case SKIPPED ->
                    out.printf(
                            "[%d/%d] %-44s skipped: %s%n",
                            index, total, r.spec().key(), r.reason());
            }
            out.flush();
        }

        static String clock(Duration d) {
            long s = d.toSeconds();
            return s >= 3600
                    ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }

        static String nanos(long ns) {
            if (ns < 10_000) {
                return ns + " ns";
            }
            if (ns < 10_000_000) {
                return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
            }
            return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        }
    }
}
