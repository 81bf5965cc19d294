package dev.ipcmark.cli;

import dev.ipcmark.bench.MeasuringLock;
import dev.ipcmark.gate.Baseline;
import dev.ipcmark.gate.Comparison;
import dev.ipcmark.gate.Confirmation;
import dev.ipcmark.gate.GateException;
import dev.ipcmark.gate.JsonReport;
import dev.ipcmark.gate.RunSamples;
import dev.ipcmark.report.ReportWriter;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.EnvironmentProbe;
import dev.ipcmark.results.MachineIdentity;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.CaseMatrix;
import dev.ipcmark.scenario.ForkOrder;
import dev.ipcmark.scenario.JmhSettings;
import dev.ipcmark.scenario.Scenario;
import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.scenario.ScenarioOverrides;
import dev.ipcmark.store.StoreException;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.TempRoot;
import dev.ipcmark.transport.TransportKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
            paramLabel = "BASELINE",
            description = "After the run, compare it with this run directory, saved baseline, or the store's history"
                    + " (store:branch=main[,last=20][,machine-class=NAME]: the last runs of that branch on machines of"
                    + " this class), see ipcmark compare; a directory is shown side by side in the report.")
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
            names = "--confirm-forks",
            paramLabel = "N",
            description = "With --gate: forks per case when a case is measured again (default: half the scenario's,"
                    + " at least 2: the second look is a second draw of the machine's minutes, which one run of a few"
                    + " forks gives; see the README).")
    private Integer confirmForks;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the random order in which interleaved forks run (default: a fresh one, recorded in"
                    + " run.json), to repeat a run's order exactly.")
    private Long seed;

    @Option(
            names = "--order",
            paramLabel = "ORDER",
            converter = ForkOrderConverter.class,
            description = "rmit (each round runs one fork of every case, in a random order) or sequential (every fork"
                    + " of a case, then the next); overrides the scenario's jmh.order.")
    private ForkOrder order;

    @Option(
            names = "--no-wait",
            description = "If another ipcmark run is measuring on this machine, exit (status 5) instead of waiting for"
                    + " it to finish.")
    private boolean noWait;

    @picocli.CommandLine.Mixin
    private GateOptions gateOptions;

    @picocli.CommandLine.Mixin
    private StoreOptions storeOptions;

    @picocli.CommandLine.Mixin
    private RunLabels labels;

    @picocli.CommandLine.Mixin
    private ReportLink reportLink;

    @picocli.CommandLine.Mixin
    private PeerHostOptions peerHost;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        peerHost.install(spec.commandLine());
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
            s = peerDelay == null ? s : s.withPeerDelay(peerDelay);
            loaded.add(order == null ? s : s.withJmh(s.jmh().withOrder(order)));
        }
        BaselineSource baselineSource = baselineSource(files);
        var tags = labels.tags();
        String machineClass = labels.machineClass();
        if (baselineSource != null && baselineSource.history() != null) {
            // The history must be there before ten minutes are spent measuring what it cannot judge.
            baselineSource.read(
                    storeOptions.location(StoreOptions.resultsDir(resultsDir)),
                    loaded.getFirst().name(),
                    machineClass != null
                            ? machineClass
                            : MachineIdentity.of(EnvironmentProbe.probe()).machineClass());
        }
        if (dryRun) {
            loaded.forEach(scenario -> Measurement.plan(scenario, out));
            return ExitCodes.OK;
        }
        ExtraJvmOptions.problem().ifPresent(problem -> {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), problem);
        });
        TempRoot.problem().ifPresent(problem -> {
            throw new EnvironmentException(problem);
        });
        int status = ExitCodes.OK;
        Path results = StoreOptions.resultsDir(resultsDir);
        try (StoreRecording store = new StoreRecording(storeOptions.location(results), tags, machineClass, out);
                MeasuringLock lock = MeasuringLock.acquire(
                        loaded.getFirst().name(),
                        noWait,
                        holder -> out.printf(
                                "ipcmark: another run is measuring on this machine: %s; waiting for it to finish (--no-wait"
                                        + " to exit instead)%n",
                                holder))) {
            for (Scenario scenario : loaded) {
                status = Math.max(status, run(scenario, baselineSource, lock, store, out));
            }
        }
        return status;
    }

    /** The baseline to compare with, checked before anything runs; null without --baseline. */
    private BaselineSource baselineSource(List<Path> files) {
        if (confirm < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--confirm must be 0 or more, got " + confirm);
        }
        if (confirmForks != null && (confirmForks < 1 || confirmForks > JmhSettings.MAX_FORKS)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--confirm-forks must be a whole number from 1 to " + JmhSettings.MAX_FORKS + ", got "
                            + confirmForks);
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
            return BaselineSource.resolve(baseline, gateOptions.baselinesRoot());
        } catch (GateException e) {
            throw new GateException("--baseline " + baseline + ": " + e.getMessage());
        }
    }

    private static Duration iterationTime(String text, String option) {
        return text == null ? null : ScenarioLoader.positiveDuration(text, "command line (" + option + ")", option);
    }

    private int run(
            Scenario scenario,
            BaselineSource baselineSource,
            MeasuringLock lock,
            StoreRecording store,
            PrintWriter out) {
        Measurement.Measured measured =
                measurement().measure(scenario, scenario.name(), Measurement.expand(scenario), lock, out);
        Path root = measured.run().root();
        int status = measured.results().stream().anyMatch(r -> r.status() == CaseResult.Status.FAILED)
                ? ExitCodes.CASES_FAILED
                : ExitCodes.OK;
        if (baselineSource != null) {
            out.println();
            int verdict = gate(scenario, baselineSource, root, lock, out);
            if (gate) {
                status = Math.max(status, verdict);
            }
        }
        // After the gate, so that the report carries its verdict (gate.json) beside the runs side by side.
        List<Path> reported = baselineSource == null || baselineSource.dir() == null
                ? List.of(root)
                : List.of(Baseline.newestRun(baselineSource.dir()), root);
        // The report and the store need nothing of each other, and nothing is measured any more: each takes a few
        // tenths of a second of one core (the store's schema check, the charts), so they are written side by side.
        CompletableFuture<Path> report = CompletableFuture.supplyAsync(
                () -> ReportWriter.write(reported, ReportCommand.besideResults(root)),
                task -> Thread.ofPlatform().name("ipcmark-report").start(task));
        // After the gate: a history baseline must not contain the run it judges.
        store.record(root);
        try {
            reportLink.announce(out, report.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            // The results are on disk whatever happens here; `ipcmark report` can try again.
            out.println(
                    "ipcmark: the report could not be written: " + e.getCause().getMessage());
        }
        return status;
    }

    private Measurement measurement() {
        return new Measurement(
                StoreOptions.resultsDir(resultsDir),
                seed,
                verify,
                "ipcmark "
                        + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }

    /**
     * Compares the run with the baseline and publishes the verdicts; with {@code --gate}, the cases that regressed are
     * first measured again ({@code --confirm} times) and judged over both measurements.
     */
    private int gate(
            Scenario scenario, BaselineSource baselineSource, Path current, MeasuringLock lock, PrintWriter out) {
        try {
            RunSamples run = RunSamples.read(current);
            String machineClass = labels.machineClass() != null
                    ? labels.machineClass()
                    : run.identity().machineClass();
            Baseline baseline = baselineSource.read(
                    storeOptions.location(StoreOptions.resultsDir(resultsDir)), scenario.name(), machineClass);
            Comparison comparison = gateOptions.comparison(baseline, List.of(run));
            if (gate) {
                comparison = Confirmation.confirm(
                        comparison,
                        confirm,
                        suspects -> {
                            // Each suspect with half its own forks (its block's, or the scenario's).
                            Scenario second = scenario.withJmh(scenario.jmh()
                                            .withForks(Confirmation.forks(
                                                    scenario.jmh().forks(), confirmForks)))
                                    .withCases(scenario.cases().stream()
                                            .map(b -> b.withForks(b.forks()
                                                    .map(f -> Confirmation.forks(f, confirmForks))
                                                    .orElse(null)))
                                            .toList());
                            List<CaseMatrix.PlannedCase> again = Measurement.expand(second).stream()
                                    .filter(c -> suspects.contains(c.spec().key()))
                                    .toList();
                            Path dir = measurement()
                                    .measure(second, scenario.name() + "-confirm", again, lock, out)
                                    .run()
                                    .root();
                            out.println();
                            return dir;
                        },
                        what -> out.println("ipcmark: " + what));
            }
            RunDirectory.writeAtomically(current.resolve(RunDirectory.GATE), JsonReport.render(comparison));
            return gateOptions.publish(comparison, out);
        } catch (GateException | StoreException e) {
            out.println(
                    "ipcmark: the comparison with " + baselineSource.spec() + " could not be made: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
