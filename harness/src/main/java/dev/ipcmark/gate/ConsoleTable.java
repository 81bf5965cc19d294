package dev.ipcmark.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;

/**
 * A comparison for a terminal or a CI log, in 120 columns: what was compared and how, anything a reader must know
 * first (another machine, the machine's own drift, a thin baseline), the verdicts as a table (regressions first), the
 * reason for every verdict that is not plain, and the outcome.
 */
public final class ConsoleTable {
    private static final int[] WIDTHS = {12, 44, 11, 11, 11, 9, 20};

    private ConsoleTable() {}

    /** The text. */
    public static String render(Comparison c) {
        StringBuilder out = new StringBuilder();
        out.append("Baseline ")
                .append(c.baseline().describe())
                .append(" (")
                .append(c.baseline().dir())
                .append(")\n");
        c.baseline()
                .made(c.run())
                .ifPresent(made -> out.append("         ").append(made).append('\n'));
        for (RunSamples r : c.current()) {
            out.append(r == c.run() ? "Current  " : "Again    ")
                    .append(r.runId())
                    .append(" (")
                    .append(r.dir())
                    .append(")\n");
        }
        out.append(String.format(
                Locale.ROOT,
                "Thresholds (the baseline's): %s; α %s over the run's tests (Holm)%n",
                c.thresholds().describe(),
                c.alpha()));
        list(out, "Different machine", c.environmentDifferences());
        list(out, "Read first", c.warnings());
        out.append('\n');
        TextTable table = TextTable.forColumns(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF), columns());
        table.addRowValues("verdict", "case", "metric", "baseline", "current", "change", "interval");
        List<MetricResult> ordered = new ArrayList<>(c.results());
        ordered.sort(java.util.Comparator.comparingInt(
                (MetricResult r) -> r.verdict().ordinal()));
        for (MetricResult r : ordered) {
            List<String> key = wrap(r.caseKey(), WIDTHS[1] - 1);
            table.addRowValues(
                    r.verdict().failsGate() ? r.verdict().name() : r.verdict().id(),
                    key.getFirst(),
                    r.verdict() == Verdict.FAILED ? "-" : r.metric().id(),
                    number(r, r.baseline()),
                    number(r, r.current()),
                    r.change(),
                    r.changeInterval());
            for (String more : key.subList(1, key.size())) {
                table.addRowValues("", "  " + more, "", "", "", "", "");
            }
        }
        out.append(table);
        List<String> why = new ArrayList<>();
        for (MetricResult r : ordered) {
            if (r.verdict() != Verdict.UNCHANGED) {
                why.add(r.verdict().id() + " " + r.caseKey() + " " + r.metric().id() + ": " + r.note());
            }
        }
        list(out, "Why", why);
        list(out, "Only in the baseline (not compared)", c.onlyInBaseline());
        list(out, "Only in the current run (not compared)", c.onlyInCurrent());
        list(out, "Not compared", c.notCompared());
        out.append('\n').append(c.summary()).append('\n');
        List<MetricResult> failures = c.failures();
        out.append(
                failures.isEmpty()
                        ? "No regression.\n"
                        : failures.size() + " regression" + (failures.size() == 1 ? "" : "s") + ".\n");
        return out.toString();
    }

    private static Column[] columns() {
        Column[] columns = new Column[WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
            columns[i] = new Column(WIDTHS[i], i == 0 ? 0 : 1, Overflow.TRUNCATE);
        }
        return columns;
    }

    /** {@code key} in pieces of at most {@code width}, broken after a '/'. */
    static List<String> wrap(String key, int width) {
        List<String> lines = new ArrayList<>();
        String rest = key;
        int w = width;
        while (rest.length() > w) {
            int cut = rest.lastIndexOf('/', w - 1);
            cut = cut <= 0 ? w : cut + 1;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut);
            w = width - 2;
        }
        lines.add(rest);
        return lines;
    }

    private static String number(MetricResult r, double value) {
        return Double.isNaN(value) ? "-" : r.metric().format(value);
    }

    /** A titled list, each item wrapped to 118 columns with a hanging indent (picocli's text table). */
    private static void list(StringBuilder out, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append(":\n");
        int width = 118;
        for (String item : items) {
            TextTable text = TextTable.forColumns(
                    picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF), new Column(width, 4, Overflow.WRAP));
            text.addRowValues(item);
            // The first line is indented like the rest: give it the list's two spaces instead.
            out.append("  ").append(text.toString().substring(4));
        }
    }
}
