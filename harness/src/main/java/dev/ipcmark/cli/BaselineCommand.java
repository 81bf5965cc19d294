package dev.ipcmark.cli;

import dev.ipcmark.gate.Baselines;
import dev.ipcmark.gate.GateException;
import java.nio.file.Path;
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
        subcommands = {BaselineCommand.Save.class, BaselineCommand.ListBaselines.class})
final class BaselineCommand implements Runnable {
    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ipcmark baseline save RUN_DIR NAME}. */
    @Command(
            name = "save",
            mixinStandardHelpOptions = true,
            description = "Copy a finished run's run.json (with every iteration's samples), summary.csv, scenario.yaml"
                    + " and histograms to baselines/NAME/; compare with it later by NAME.")
    static final class Save implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A finished run directory.")
        private Path run;

        @Parameters(
                index = "1",
                paramLabel = "NAME",
                description = "The baseline's name, e.g. the machine type: " + Baselines.NAME_RULE + ".")
        private String name;

        @Option(names = "--force", description = "Replace a baseline of the same name.")
        private boolean force;

        @Mixin
        private BaselinesDir baselines;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Path saved = Baselines.save(run, name, baselines.root(), force);
                spec.commandLine().getOut().println("Saved baseline '" + name + "': " + saved);
                return ExitCodes.OK;
            } catch (GateException e) {
                spec.commandLine().getErr().println("ipcmark baseline save: " + e.getMessage());
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
