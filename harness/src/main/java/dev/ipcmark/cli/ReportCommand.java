package dev.ipcmark.cli;

import dev.ipcmark.report.ReportException;
import dev.ipcmark.report.ReportWriter;
import dev.ipcmark.report.TrendReport;
import dev.ipcmark.store.ChangePoints;
import dev.ipcmark.store.Store;
import dev.ipcmark.store.TrendSeries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "With several run directories, the last is charted and compared case by case with the first (ratios).",
            "From the results store instead: --trend charts each case's p50 and p99 over the stored runs with change"
                    + " points marked; --machines A,B shows the same cases on those machine classes side by side."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "RUN_DIR", description = "Run directories (results/<run-id>).")
    private List<Path> runs = List.of();

    @Option(names = "--trend", description = "Report each case's history from the results store.")
    private boolean trend;

    @Option(
            names = "--machines",
            paramLabel = "CLASS",
            split = ",",
            description = "Report these machine classes side by side, from the results store.")
    private List<String> machines = List.of();

    @Option(
            names = "--cases",
            paramLabel = "CASE-GLOB",
            defaultValue = "*",
            description = "With --trend or --machines: the cases, * for any text (default: all).")
    private String cases;

    @Mixin
    private HistoryFilters filters;

    @Mixin
    private StoreAccess store;

    @Option(
            names = "--reports-dir",
            paramLabel = "DIR",
            description = "Where reports go (default: reports/ beside the first run's results directory).")
    private Path reportsDir;

    @picocli.CommandLine.Mixin
    private ReportLink reportLink;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean fromStore = trend || !machines.isEmpty();
        if (fromStore == !runs.isEmpty() || (trend && !machines.isEmpty())) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "give run directories, or --trend, or --machines A,B (one of them)");
        }
        if (fromStore) {
            return fromStore();
        }
        try {
            Path index = ReportWriter.write(runs, reportsDir != null ? reportsDir : besideResults(runs.getFirst()));
            reportLink.announce(spec.commandLine().getOut(), index);
            return ExitCodes.OK;
        } catch (ReportException e) {
            spec.commandLine().getErr().println("ipcmark: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    private int fromStore() {
        List<TrendSeries> p50;
        List<TrendSeries> p99;
        String only = machines.size() == 1 ? machines.getFirst() : null;
        try (Store s = store.open()) {
            p50 = TrendSeries.of(s.history(filters.query(cases, "p50", only)), ChangePoints.DEFAULT_MAX_P);
            p99 = trend
                    ? TrendSeries.of(s.history(filters.query(cases, "p99", only)), ChangePoints.DEFAULT_MAX_P)
                    : List.of();
        }
        Path root = reportsDir != null ? reportsDir : Main.home().resolve("reports");
        String stamp =
                java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path index = trend
                ? TrendReport.trends(p50, p99, cases.equals("*") ? "every case" : cases, root, "trend-" + stamp)
                : TrendReport.machines(
                        p50.stream()
                                .filter(t -> machines.contains(t.machineClass()))
                                .toList(),
                        machines,
                        root,
                        "machines-" + stamp);
        reportLink.announce(spec.commandLine().getOut(), index);
        return ExitCodes.OK;
    }

    /** {@code reports/} beside the directory that holds {@code runDir}: {@code results/RUN} goes to {@code reports/}. */
    static Path besideResults(Path runDir) {
        Path results = runDir.toAbsolutePath().normalize().getParent();
        return (results.getParent() != null ? results.getParent() : results).resolve("reports");
    }
}
