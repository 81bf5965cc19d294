package dev.ipcmark.cli;

import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.scenario.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;

/**
 * The table at the end of a run: every case with its status and main figures, in 120 columns (picocli's text table);
 * a case key too long for its column continues on the next lines, broken after a '/'.
 */
final class ConsoleSummary {
    private static final int KEY_WIDTH = 50;
    private static final int[] WIDTHS = {KEY_WIDTH, 8, 11, 11, 11, 11, 14};

    private ConsoleSummary() {}

    static void print(PrintWriter out, Path runDir, List<CaseResult> results) {
        TextTable table = TextTable.forColumns(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF), columns());
        table.addRowValues("case", "status", "p50", "p99", "p99.9", "max", "ops/s");
        for (CaseResult r : results) {
            List<String> key = wrap(r.spec().key());
            LatencyStats l = r.latency();
            if (l == null) {
                table.addRowValues(key.getFirst(), r.status().id(), "", "", "", "", "");
                for (String more : key.subList(1, key.size())) {
                    table.addRowValues(more, "", "", "", "", "", "");
                }
                table.addRowValues("  " + firstLine(r.reason()), "", "", "", "", "", "");
            } else {
                table.addRowValues(
                        key.getFirst(),
                        r.status().id(),
                        Durations.latency(l.p50()),
                        Durations.latency(l.p99()),
                        Durations.latency(l.p999()),
                        Durations.latency(l.max()),
                        Double.isFinite(r.opsPerSecond())
                                ? String.format(Locale.ROOT, "%,.0f", r.opsPerSecond())
                                : "–");
                for (String more : key.subList(1, key.size())) {
                    table.addRowValues(more, "", "", "", "", "", "");
                }
            }
        }
        out.println();
        out.print(table);
        out.println();
        out.println("ops/s: operations over the time measured (closed loop: 1 / the mean); JMH's own score is in"
                + " summary.csv as jmh_score.");
        out.println("Results: " + runDir);
        out.println("  run.json, summary.csv, scenario.yaml, jmh/, histograms/ (.hlog, values in ns), logs/");
        out.flush();
    }

    private static Column[] columns() {
        Column[] columns = new Column[WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
            columns[i] = new Column(WIDTHS[i], i == 0 ? 0 : 1, Overflow.TRUNCATE);
        }
        return columns;
    }

    /** {@code key} in pieces that fit the column, broken after a '/' where it can be; later pieces indented. */
    static List<String> wrap(String key) {
        List<String> lines = new ArrayList<>();
        String rest = key;
        int width = KEY_WIDTH - 1;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf('/', width - 1);
            cut = cut <= 0 ? width : cut + 1;
            lines.add((lines.isEmpty() ? "" : "  ") + rest.substring(0, cut));
            rest = rest.substring(cut);
            width = KEY_WIDTH - 3;
        }
        lines.add((lines.isEmpty() ? "" : "  ") + rest);
        return lines;
    }

    static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }
}
