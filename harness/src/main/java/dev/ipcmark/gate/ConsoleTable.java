package dev.ipcmark.gate;

import dev.ipcmark.scenario.GateSpec;
import java.util.List;
import java.util.Locale;

/** A comparison as a plain-text table for a terminal or a CI log. */
public final class ConsoleTable {
    private ConsoleTable() {}

    /** The table, the cases not compared, warnings and a summary line. */
    public static String render(Comparison c) {
        StringBuilder out = new StringBuilder();
        out.append("Baseline ")
                .append(c.baseline().runId())
                .append(" (")
                .append(c.baseline().dir())
                .append(")\nCurrent  ")
                .append(c.current().runId())
                .append(" (")
                .append(c.current().dir())
                .append(")\n");
        out.append(String.format(
                Locale.ROOT,
                "Thresholds: p50 %s, p99 %s, throughput %s; significance level %s%n%n",
                GateSpec.formatPercent(c.thresholds().p50Percent()),
                GateSpec.formatPercent(c.thresholds().p99Percent()),
                GateSpec.formatPercent(c.thresholds().throughputPercent()),
                c.alpha()));
        int keyWidth = Math.max(
                4,
                c.results().stream().mapToInt(r -> r.caseKey().length()).max().orElse(4));
        String row = "%-12s %-" + keyWidth + "s %-10s %14s %14s %8s %18s  %s%n";
        out.append(String.format(
                Locale.ROOT, row, "verdict", "case", "metric", "baseline", "current", "change", "interval", "why"));
        for (MetricResult r : c.results()) {
            String verdict =
                    r.verdict().failsGate() ? r.verdict().name() : r.verdict().id();
            out.append(String.format(
                    Locale.ROOT,
                    row,
                    verdict,
                    r.caseKey(),
                    r.verdict() == Verdict.FAILED ? "-" : r.metric().id(),
                    number(r, r.baseline()),
                    number(r, r.current()),
                    r.change(),
                    r.changeInterval(),
                    r.note()));
        }
        list(out, "Only in the baseline (not compared)", c.onlyInBaseline());
        list(out, "Only in the current run (not compared)", c.onlyInCurrent());
        list(out, "Not compared", c.notCompared());
        list(out, "Different machine (environment fingerprints differ)", c.environmentDifferences());
        list(out, "Warnings", c.warnings());
        out.append('\n').append(c.summary()).append('\n');
        List<MetricResult> failures = c.failures();
        out.append(
                failures.isEmpty()
                        ? "No regression.\n"
                        : failures.size() + " regression" + (failures.size() == 1 ? "" : "s") + ".\n");
        return out.toString();
    }

    private static String number(MetricResult r, double value) {
        return Double.isNaN(value) ? "-" : r.metric().format(value);
    }

    private static void list(StringBuilder out, String title, List<String> items) {
        if (!items.isEmpty()) {
            out.append('\n').append(title).append(":\n");
            items.forEach(i -> out.append("  ").append(i).append('\n'));
        }
    }
}
