package dev.ipcmark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ipcmark.store.ChangePoints;
import dev.ipcmark.store.History;
import dev.ipcmark.store.Store;
import dev.ipcmark.store.TrendSeries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark history}: a metric's series across the stored runs, and where it shifted. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Print a metric's series across the runs in the results store: one series per case and machine class,"
                    + " oldest run first, with each run's commit and its 95%% interval (from resampling the run's"
                    + " forks and iterations).",
            "--change-points finds where each series shifted (E-divisive means, as Apache Otava/Hunter use it, with a"
                    + " t-test at --max-p corrected for the number of splits tried) and prints the run and commit of"
                    + " each change with its size."
        })
final class HistoryCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "CASE-GLOB",
            description = "Case keys to follow, * for any text (default: every case), e.g. 'ping-pong/pipe/*size=64'.")
    private String glob = "*";

    @Option(
            names = "--metric",
            paramLabel = "METRIC",
            defaultValue = "p50",
            description = "p50, p90, p99, p99.9, max, mean or ops (default: ${DEFAULT-VALUE}).")
    private String metric;

    @Option(names = "--change-points", description = "Find and print where each series shifted.")
    private boolean changePoints;

    @Option(
            names = "--max-p",
            paramLabel = "P",
            defaultValue = "0.001",
            description = "Significance level of a change point (default: ${DEFAULT-VALUE}).")
    private double maxP;

    @Option(names = "--csv", description = "Print CSV (one row per point) instead of a table.")
    private boolean csv;

    @Option(names = "--json", description = "Print JSON (series with their points and change points).")
    private boolean json;

    @Mixin
    private HistoryFilters filters;

    @Mixin
    private StoreAccess store;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (csv && json) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--csv and --json: choose one");
        }
        if (!(maxP > 0 && maxP < 0.5)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--max-p must be between 0 and 0.5, got " + maxP);
        }
        History.Query query = filters.query(glob, metric, null);
        List<TrendSeries> series;
        try (Store s = store.open()) {
            series = TrendSeries.of(s.history(query), changePoints ? maxP : 0);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            json(series, out);
        } else if (csv) {
            csv(series, out);
        } else {
            table(series, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void table(List<TrendSeries> series, PrintWriter out) {
        if (series.isEmpty()) {
            out.println("ipcmark history: no finished run in the store has a case matching '" + glob + "' with these"
                    + " filters");
            return;
        }
        String unit = metric.equals("ops") ? "ops/s" : "ns";
        for (TrendSeries s : series) {
            out.printf(
                    "%s  [%s]  %s (%s), %d run(s)%n",
                    s.caseKey(), s.machineClass(), metric, unit, s.points().size());
            TextTable table = TextTable.forColumns(
                    picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF),
                    column(34),
                    column(25),
                    column(9),
                    column(12),
                    column(12),
                    column(24));
            table.addRowValues("run", "started", "commit", "branch", metric, "95% interval");
            for (History.Point p : s.points()) {
                table.addRowValues(
                        p.runId(),
                        p.startedAt(),
                        shortCommit(p.commit()),
                        p.branch() == null ? "" : p.branch(),
                        number(p.value()),
                        Double.isNaN(p.low()) ? "" : number(p.low()) + " – " + number(p.high()));
            }
            out.print(table);
            for (TrendSeries.Shift c : s.changes()) {
                out.printf(
                        "  change at run %s (commit %s, %s): %s -> %s %s (%+.1f%%, p=%.2g)%n",
                        c.at().runId(),
                        shortCommit(c.at().commit()),
                        c.at().startedAt(),
                        number(c.before()),
                        number(c.after()),
                        unit,
                        c.percent(),
                        c.pValue());
            }
            if (changePoints && s.changes().isEmpty()) {
                out.println(
                        s.points().size() < 2 * ChangePoints.MIN_SIZE
                                ? "  change points: cannot tell with fewer than " + 2 * ChangePoints.MIN_SIZE + " runs"
                                : "  change points: none at p < " + maxP);
            }
            out.println();
        }
    }

    private static Column column(int width) {
        return new Column(width, 1, Column.Overflow.TRUNCATE);
    }

    private void csv(List<TrendSeries> series, PrintWriter out) {
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(
                                "case",
                                "machine_class",
                                "run_id",
                                "started_at",
                                "commit",
                                "branch",
                                "metric",
                                "value",
                                "low",
                                "high",
                                "change_point")
                        .get())) {
            for (TrendSeries s : series) {
                for (int i = 0; i < s.points().size(); i++) {
                    History.Point pt = s.points().get(i);
                    int index = i;
                    p.printRecord(
                            s.caseKey(),
                            s.machineClass(),
                            pt.runId(),
                            pt.startedAt(),
                            pt.commit(),
                            pt.branch(),
                            metric,
                            pt.value(),
                            Double.isNaN(pt.low()) ? "" : pt.low(),
                            Double.isNaN(pt.high()) ? "" : pt.high(),
                            s.changes().stream().anyMatch(c -> c.index() == index));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(List<TrendSeries> series, PrintWriter out) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (TrendSeries s : series) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", s.caseKey());
            m.put("machineClass", s.machineClass());
            m.put("metric", metric);
            m.put("points", s.points().stream().map(HistoryCommand::point).toList());
            if (changePoints) {
                m.put(
                        "changePoints",
                        s.changes().stream()
                                .map(c -> Map.of(
                                        "runId", c.at().runId(),
                                        "commit", String.valueOf(c.at().commit()),
                                        "index", c.index(),
                                        "before", c.before(),
                                        "after", c.after(),
                                        "percent", c.percent(),
                                        "pValue", c.pValue()))
                                .toList());
            }
            all.add(m);
        }
        try {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("series", all)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> point(History.Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", p.runId());
        m.put("startedAt", p.startedAt());
        m.put("commit", p.commit());
        m.put("branch", p.branch());
        m.put("value", p.value());
        m.put("low", Double.isNaN(p.low()) ? null : p.low());
        m.put("high", Double.isNaN(p.high()) ? null : p.high());
        return m;
    }

    private static String shortCommit(String commit) {
        return commit == null ? "" : commit.substring(0, Math.min(8, commit.length()));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.3g", v);
    }
}
