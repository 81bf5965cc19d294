package dev.ipcmark.cli;

import dev.ipcmark.gate.Baselines;
import dev.ipcmark.gate.GateException;
import dev.ipcmark.results.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark baseline}: keeping runs to compare later ones with. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = "Keep runs as named baselines (baselines/NAME/, meant to be committed: one per machine type).",
        subcommands = {BaselineCommand.Save.class, BaselineCommand.Add.class, BaselineCommand.ListBaselines.class})
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
                return ExitCodes.OK;
            } catch (GateException e) {
                spec.commandLine().getErr().println("ipcmark baseline add: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
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
