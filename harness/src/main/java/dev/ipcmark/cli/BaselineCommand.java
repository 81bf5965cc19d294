package dev.ipcmark.cli;

import dev.ipcmark.gate.Baseline;
import dev.ipcmark.gate.Baselines;
import dev.ipcmark.gate.Comparison;
import dev.ipcmark.gate.GateException;
import dev.ipcmark.gate.SelfJudgement;
import dev.ipcmark.results.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark baseline}: keeping runs to compare later ones with. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = "Keep runs as named baselines (baselines/NAME/, meant to be committed: one per machine type).",
        subcommands = {
            BaselineCommand.Save.class,
            BaselineCommand.Add.class,
            BaselineCommand.Check.class,
            BaselineCommand.ListBaselines.class
        })
final class BaselineCommand implements Runnable {
    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ipcmark baseline save NAME RUN…}. */
    @Command(
            name = "save",
            mixinStandardHelpOptions = true,
            description = {
                "Keep one or more finished runs of one scenario as baselines/NAME/runs/: each run's run.json (with"
                        + " every iteration's samples and the calibration probes), summary.csv, scenario.yaml and"
                        + " histograms. Compare with it later by NAME.",
                "Three or more runs let the gate see the machine's run-to-run noise; with fewer it can only judge"
                        + " within runs. (The order RUN_DIR NAME of earlier versions is still understood.)"
            })
    static final class Save implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The baseline's name, e.g. the machine type: " + Baselines.NAME_RULE + ".")
        private String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "RUN", description = "Finished run directories.")
        private List<Path> runs;

        @Option(names = "--force", description = "Replace a baseline of the same name.")
        private boolean force;

        @Mixin
        private BaselinesDir baselines;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String baseline = name;
            List<Path> given = runs;
            if (runs.size() == 1
                    && Files.isRegularFile(Path.of(name).resolve(RunDirectory.MANIFEST))
                    && !Files.isDirectory(runs.getFirst())) {
                // The order of earlier versions: baseline save RUN_DIR NAME.
                baseline = runs.getFirst().toString();
                given = List.of(Path.of(name));
            }
            try {
                Path saved = Baselines.save(baseline, given, baselines.root(), force);
                spec.commandLine()
                        .getOut()
                        .println("Saved baseline '" + baseline + "' (" + given.size() + " run"
                                + (given.size() == 1 ? "" : "s") + "): " + saved);
                selfJudgement(saved, spec.commandLine().getOut());
                return ExitCodes.OK;
            } catch (GateException e) {
                spec.commandLine().getErr().println("ipcmark baseline save: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    /** {@code ipcmark baseline add NAME RUN…}. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add finished runs of the same scenario, on the same machine type, to a saved baseline.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "A saved baseline's name.")
        private String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "RUN", description = "Finished run directories.")
        private List<Path> runs;

        @Mixin
        private BaselinesDir baselines;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Path saved = Baselines.add(name, runs, baselines.root());
                spec.commandLine()
                        .getOut()
                        .println("Added " + runs.size() + " run(s) to baseline '" + name + "': " + saved);
                selfJudgement(saved, spec.commandLine().getOut());
                return ExitCodes.OK;
            } catch (GateException e) {
                spec.commandLine().getErr().println("ipcmark baseline add: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    // After a save or an add: what the baseline can tell, when it has runs enough to be judged against itself.
    private static void selfJudgement(Path saved, PrintWriter out) {
        try {
            Baseline baseline = Baseline.read(saved);
            if (baseline.runs().size() >= SelfJudgement.FEWEST_RUNS) {
                out.println(SelfJudgement.of(baseline, Comparison.DEFAULT_ALPHA).summary() + " Each metric: ipcmark"
                        + " baseline check " + saved.getFileName() + ".");
            } else {
                out.println("With " + SelfJudgement.FEWEST_RUNS + " or more runs it can be judged against itself"
                        + " (ipcmark baseline check).");
            }
        } catch (GateException e) {
            // The baseline is saved; that it cannot judge itself is worth saying, not a failure of the save.
            out.println("It cannot be judged against itself: " + e.getMessage());
        }
    }

    /** {@code ipcmark baseline check NAME}. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Judge a saved baseline against itself, without measuring: each of its runs compared with a baseline"
                        + " of the others (leave one out), as a gate against it judges unchanged code. Prints the"
                        + " false calls, the share of p50 and throughput comparisons found unchanged, and every gated"
                        + " metric with its verdicts and the change it could detect on this machine.",
                "Exit status: 0 when no run of the baseline was called regressed or improved against the others, 1"
                        + " when one was (a gate against it would raise false alarms here), 2 when it cannot be"
                        + " judged."
            })
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "A saved baseline's name (or its directory).")
        private String name;

        @Mixin
        private BaselinesDir baselines;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                SelfJudgement judged = SelfJudgement.of(
                        Baseline.read(Baselines.resolve(name, baselines.root())), Comparison.DEFAULT_ALPHA);
                out.println(judged.summary());
                out.println();
                // The case keys run to 100 characters: each heads its metrics' rows, which line up across cases.
                out.print(metricRows(List.of(List.of("metric", "verdicts", "detects ≥", "threshold"))));
                String heading = null;
                List<List<String>> rows = new ArrayList<>();
                for (SelfJudgement.MetricSummary m : judged.metrics()) {
                    if (!m.caseKey().equals(heading)) {
                        out.print(metricRows(rows));
                        rows.clear();
                        heading = m.caseKey();
                        out.println(heading);
                    }
                    rows.add(List.of(
                            m.metric().id(),
                            m.verdicts().entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey().id())
                                    .collect(Collectors.joining(", ")),
                            Double.isNaN(m.detectablePercent())
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.0f%%", m.detectablePercent()),
                            String.format(Locale.ROOT, "%.0f%%", m.thresholdPercent())));
                }
                out.print(metricRows(rows));
                out.flush();
                return judged.falseCalls() == 0 ? ExitCodes.OK : ExitCodes.REGRESSION;
            } catch (GateException e) {
                spec.commandLine().getErr().println("ipcmark baseline check: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    private static String metricRows(List<List<String>> rows) {
        TextTable table = TextTable.forColumns(
                Help.defaultColorScheme(Help.Ansi.OFF),
                new Column(14, 2, Column.Overflow.WRAP),
                new Column(36, 1, Column.Overflow.WRAP),
                new Column(12, 1, Column.Overflow.WRAP),
                new Column(10, 1, Column.Overflow.WRAP));
        rows.forEach(r -> table.addRowValues(r.toArray(String[]::new)));
        return rows.isEmpty() ? "" : table.toString();
    }

    /** {@code ipcmark baseline list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the saved baselines.")
    static final class ListBaselines implements Callable<Integer> {
        @Mixin
        private BaselinesDir baselines;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path root = baselines.root();
            spec.commandLine().getOut().println(root + ": " + String.join(", ", Baselines.names(root)));
            return ExitCodes.OK;
        }
    }
}
