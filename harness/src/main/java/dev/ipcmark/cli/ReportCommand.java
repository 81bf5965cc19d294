package dev.ipcmark.cli;

import dev.ipcmark.report.ReportException;
import dev.ipcmark.report.ReportWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark report RUN_DIR…}: the self-contained HTML report of one run, or of several side by side. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write reports/<run-id>/index.html for a run directory: charts (embedded), every number behind them, the"
                    + " environment, the resolved scenario, skipped and failed cases with their reasons.",
            "With several run directories, the last is charted and compared case by case with the first (ratios)."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (results/<run-id>).")
    private List<Path> runs;

    @Option(
            names = "--reports-dir",
            paramLabel = "DIR",
            description = "Where reports go (default: reports/ beside the first run's results directory).")
    private Path reportsDir;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Path index = ReportWriter.write(runs, reportsDir != null ? reportsDir : besideResults(runs.getFirst()));
            spec.commandLine().getOut().println("Report: " + index);
            return ExitCodes.OK;
        } catch (ReportException e) {
            spec.commandLine().getErr().println("ipcmark: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** {@code reports/} beside the directory that holds {@code runDir}: {@code results/RUN} goes to {@code reports/}. */
    static Path besideResults(Path runDir) {
        Path results = runDir.toAbsolutePath().normalize().getParent();
        return (results.getParent() != null ? results.getParent() : results).resolve("reports");
    }
}
