package dev.ipcmark.gate;

import java.util.List;

/**
 * A comparison as Markdown for a pull-request comment or a CI step summary: the verdict first, then what regressed or
 * improved, then everything else folded away.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** The Markdown text. */
    public static String render(Comparison c) {
        StringBuilder md = new StringBuilder();
        List<MetricResult> failures = c.failures();
        md.append("## ipcmark: ")
                .append(
                        failures.isEmpty()
                                ? "no regression"
                                : failures.size() + " regression" + (failures.size() == 1 ? "" : "s"))
                .append("\n\n");
        md.append("`")
                .append(c.run().runId())
                .append("` against baseline `")
                .append(c.baseline().describe())
                .append("`")
                .append(c.baseline()
                        .made(c.run())
                        .map(made -> " (" + made + ")")
                        .orElse(""))
                .append(": ")
                .append(c.summary())
                .append(". Thresholds: ")
                .append(c.thresholds().describe())
                .append("; a change counts only when it is significant (α = ")
                .append(c.alpha())
                .append(") and beyond its threshold.\n\n");
        for (String w : c.environmentDifferences()) {
            md.append("> **Different machine:** ").append(cell(w)).append("\n");
        }
        for (String w : c.warnings()) {
            md.append("> **Warning:** ").append(cell(w)).append("\n");
        }
        if (!c.environmentDifferences().isEmpty() || !c.warnings().isEmpty()) {
            md.append('\n');
        }
        table(md, "Regressions", failures);
        table(
                md,
                "Improvements",
                c.results().stream()
                        .filter(r -> r.verdict() == Verdict.IMPROVED)
                        .toList());
        md.append("<details><summary>All ").append(c.results().size()).append(" comparisons</summary>\n\n");
        table(md, null, c.results());
        md.append("</details>\n");
        notCompared(md, "Only in the baseline", c.onlyInBaseline());
        notCompared(md, "Only in the current run", c.onlyInCurrent());
        notCompared(md, "Not compared", c.notCompared());
        return md.toString();
    }

    private static void table(StringBuilder md, String title, List<MetricResult> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (title != null) {
            md.append("### ").append(title).append("\n\n");
        }
        md.append("| verdict | case | metric | baseline | current | change | interval | why |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (MetricResult r : rows) {
            md.append("| ")
                    .append(
                            r.verdict().failsGate()
                                    ? "**" + r.verdict().id() + "**"
                                    : r.verdict().id())
                    .append(" | `")
                    .append(cell(r.caseKey()))
                    .append("` | ")
                    .append(r.verdict() == Verdict.FAILED ? "–" : r.metric().id())
                    .append(" | ")
                    .append(Double.isNaN(r.baseline()) ? "–" : r.metric().format(r.baseline()))
                    .append(" | ")
                    .append(Double.isNaN(r.current()) ? "–" : r.metric().format(r.current()))
                    .append(" | ")
                    .append(r.change())
                    .append(" | ")
                    .append(r.changeInterval())
                    .append(" | ")
                    .append(cell(r.note()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void notCompared(StringBuilder md, String title, List<String> items) {
        if (!items.isEmpty()) {
            md.append("\n**").append(title).append(":** ");
            md.append(String.join(
                    ", ", items.stream().map(i -> "`" + cell(i) + "`").toList()));
            md.append('\n');
        }
    }

    /** Text safe in a table cell: no pipes, no line breaks, no HTML. */
    static String cell(String text) {
        return text.replace("|", "\\|")
                .replace("\n", " ")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("`", "'");
    }
}
