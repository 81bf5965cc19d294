package dev.ipcmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcmark.results.ForkLevels;
import dev.ipcmark.results.ProbeLevels;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.SteadyState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The self-contained HTML report of one or more runs: every chart embedded as a PNG data URI, every number behind
 * them in tables, the environment, the resolved scenario, skipped and failed cases with their reasons, and links to
 * the run's files. It opens with where and from what the run was made, the gate's verdict when there is one, and the
 * fastest and slowest variant at each size. One small inline script sorts and filters the tables; nothing is fetched
 * (its content security policy forbids it): it can be attached to a CI job and opened anywhere. With several runs (the
 * first a baseline), every chart is drawn for each run and shown side by side on the same value axis, a comparison
 * table puts every common case side by side with ratios to the first, and the tables below describe the last.
 */
public final class HtmlReport {
    private final List<RunData> runs;
    private final Path reportDir;

    /** A report of {@code runs} (the first is the baseline, the last the one charted) to be written in {@code reportDir}. */
    public HtmlReport(List<RunData> runs, Path reportDir) {
        if (runs.isEmpty()) {
            throw new ReportException("a report needs at least one run directory");
        }
        this.runs = List.copyOf(runs);
        this.reportDir = reportDir;
    }

    /** The page. */
    public String render() {
        RunData run = runs.getLast();
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ipcmark ")
                .append(Html.escape(run.runId()))
                .append("</title>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n<style>")
                .append(HtmlCells.STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>ipcmark report: ").append(Html.escape(run.runId())).append("</h1>\n");
        run.provenance().render(h);
        h.append("<p>State: ")
                .append(Html.escape(run.state()))
                .append(". ")
                .append(count(run, "ok"))
                .append(" cases ok, <a href=\"#problems\">")
                .append(count(run, "failed"))
                .append(" failed, ")
                .append(count(run, "skipped"))
                .append(" skipped</a> (<a href=\"#cases\">every case</a>). Files: ")
                .append(link(run, RunDirectory.MANIFEST))
                .append(", ")
                .append(link(run, RunDirectory.SUMMARY))
                .append(", ")
                .append(link(run, RunDirectory.SCENARIO));
        if (!run.copyVsMap().isEmpty()) {
            h.append(", ").append(link(run, RunDirectory.COPY_VS_MAP));
        }
        if (!run.ladderRows().isEmpty()) {
            h.append(", ").append(link(run, RunDirectory.COPY_LADDER));
        }
        h.append(".</p>\n");
        run.selfOverheadNs()
                .ifPresent(o -> h.append(String.format(
                        Locale.ROOT,
                        "<p>ipcmark's own cost, measured on a loop without IPC: %.1f ns per timed operation (two clock"
                                + " reads, the histogram, the counters), of which %.1f ns lie inside every recorded"
                                + " latency.</p>%n",
                        o[0],
                        o[1])));
        run.forkOverhead()
                .ifPresent(
                        o -> h.append("<p>").append(Html.escape(o.sentence())).append("</p>\n"));
        warning(
                h,
                SteadyState.heading(run.unsettled().size()),
                run.unsettled().stream().map(SteadyState::sentence).toList());
        warning(
                h,
                ForkLevels.heading(run.forkLevels().size()),
                run.forkLevels().stream().map(ForkLevels::sentence).toList());
        warning(
                h,
                ProbeLevels.heading(),
                run.probeLevels().stream().map(ProbeLevels::sentence).toList());
        if (!run.gate().isMissingNode()) {
            GateSection.gate(h, run.gate());
        } else {
            h.append("<p>Not compared with a baseline: nothing was judged regressed or improved (<code>ipcmark run"
                    + " --baseline NAME --gate</code> or <code>ipcmark compare</code> do).</p>\n");
        }
        Summary.render(h, run.cases());
        if (!run.verdicts().isEmpty()) {
            h.append("<p><strong>Copy vs map:</strong> ")
                    .append(Html.escape(run.verdicts().getFirst()))
                    .append(" (<a href=\"#copy-vs-map\">every copy transport and map variant</a>)</p>\n");
            h.append("<h2 id=\"copy-vs-map\">Copy vs map</h2>\n");
            CopyVsMapTable.render(h, run.copyVsMap(), run.crossovers());
            h.append("<details><summary>The verdict in words</summary><ul>");
            run.verdicts().forEach(v -> h.append("<li>").append(Html.escape(v)).append("</li>"));
            h.append("</ul></details>\n");
        }
        CopyLadderTable.render(h, run.ladderRows(), run.ladder());
        FrameworkCostTable.render(h, run.cases());
        if (runs.size() > 1) {
            comparison(h);
        }
        h.append("<h2>Charts</h2>\n");
        if (runs.size() == 1) {
            for (Chart<?, ?> chart : RunCharts.charts(run)) {
                h.append(HtmlCells.figure(chart, chart.getTitle()));
            }
        } else {
            sideBySide(h);
        }
        casesTable(h, run);
        FlameGraphs.render(h, run.cases());
        problems(h, run);
        h.append("<h2>Environment</h2>\n<table><tbody>");
        flatten("", run.environment(), h);
        h.append("</tbody></table>\n<h2>Resolved scenario</h2>\n<pre>")
                .append(Html.escape(run.scenarioYaml()))
                .append("</pre>\n<script>")
                .append(TableScript.SOURCE)
                .append("</script>\n</body></html>\n");
        return h.toString();
    }

    /**
     * Each chart once per run, in a row, oldest first, on one value axis so that heights compare at a glance; a run
     * without a chart gets a note in its place.
     */
    private void sideBySide(StringBuilder h) {
        List<Map<String, Chart<?, ?>>> perRun = new ArrayList<>();
        Set<String> titles = new LinkedHashSet<>();
        for (RunData r : runs.reversed()) {
            Map<String, Chart<?, ?>> byTitle = new LinkedHashMap<>();
            RunCharts.charts(r).forEach(c -> byTitle.putIfAbsent(c.getTitle(), c));
            titles.addAll(byTitle.keySet());
            perRun.addFirst(byTitle);
        }
        for (String title : titles) {
            List<Chart<?, ?>> row = perRun.stream()
                    .<Chart<?, ?>>map(m -> m.get(title))
                    .filter(java.util.Objects::nonNull)
                    .toList();
            ChartKit.shareValueAxis(row);
            h.append("<div class=\"runs\">");
            for (int i = 0; i < runs.size(); i++) {
                Chart<?, ?> chart = perRun.get(i).get(title);
                String id = runs.get(i).runId();
                h.append(
                        chart == null
                                ? "<p class=\"missing\">" + Html.escape(id) + ": " + Html.escape(title)
                                        + ": nothing to draw in this run.</p>"
                                : HtmlCells.figure(chart, id + ": " + title));
            }
            h.append("</div>\n");
        }
    }

    private void casesTable(StringBuilder h, RunData run) {
        h.append("<h2 id=\"cases\">Every case</h2>\n<table class=\"sortable\"><thead><tr><th>case</th><th>status</th>"
                + "<th>p50 (µs)</th><th>p90 (µs)</th><th>p99 (µs)</th><th>p99.9 (µs)</th><th>p99.99 (µs)</th>"
                + "<th>max (µs)</th><th>mean (µs)</th><th>MB/s</th><th>histogram</th></tr></thead><tbody>\n");
        for (CaseRow c : run.cases()) {
            h.append("<tr><td>")
                    .append(Html.escape(c.key()))
                    .append("</td><td>")
                    .append(Html.escape(c.status()))
                    .append("</td>");
            for (String p : List.of("p50", "p90", "p99", "p999", "p9999", "max", "mean")) {
                h.append(HtmlCells.microsCell(c.latency(p)));
            }
            h.append(HtmlCells.megabytesCell(c))
                    .append("<td>")
                    .append(c.hlog()
                            .map(p -> "<a href=\"" + Html.escape(relative(p)) + "\">.hlog</a>")
                            .orElse(""))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void problems(StringBuilder h, RunData run) {
        List<CaseRow> notOk =
                run.cases().stream().filter(c -> !c.status().equals("ok")).toList();
        h.append("<h2 id=\"problems\">Skipped and failed cases</h2>\n");
        if (notOk.isEmpty()) {
            h.append("<p>None: every case ran.</p>\n");
            return;
        }
        h.append("<table><thead><tr><th>case</th><th>status</th><th>reason</th></tr></thead><tbody>\n");
        for (CaseRow c : notOk) {
            h.append("<tr><td>")
                    .append(Html.escape(c.key()))
                    .append("</td><td>")
                    .append(Html.escape(c.status()))
                    .append("</td><td><pre class=\"reason\">")
                    .append(Html.escape(c.reason()))
                    .append("</pre></td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** Every case the first and the last run share, side by side, with last/first ratios. */
    private void comparison(StringBuilder h) {
        RunData first = runs.getFirst();
        RunData last = runs.getLast();
        Map<String, CaseRow> before = new LinkedHashMap<>();
        first.cases().forEach(c -> before.put(c.key(), c));
        // With a gate, each row also carries the gate's judgement, which may rest on more runs than the one shown.
        boolean gated = !last.gate().isMissingNode();
        Map<String, String> judged = GateSection.cellsByCase(last.gate());
        h.append("<h2>Comparison: ")
                .append(Html.escape(last.runId()))
                .append(" against ")
                .append(Html.escape(first.runId()))
                .append("</h2>\n<p>Ratios are this run over the baseline: above 1 is slower for latency, faster for"
                        + " MB/s.");
        if (gated) {
            h.append(' ').append(Html.escape(GateSection.besideOneRun(last.gate(), first.runId())));
        }
        h.append("</p>\n<table><thead><tr><th>case</th><th>p50 before (µs)</th><th>p50 now (µs)</th>"
                + "<th>ratio</th><th>p99 before (µs)</th><th>p99 now (µs)</th><th>ratio</th>"
                + "<th>MB/s ratio</th>");
        if (gated) {
            h.append("<th>")
                    .append(Html.escape(GateSection.columnHeading(last.gate())))
                    .append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        int common = 0;
        for (CaseRow now : last.cases()) {
            CaseRow was = before.get(now.key());
            if (was == null || !was.ok() || !now.ok()) {
                continue;
            }
            common++;
            h.append("<tr><td>").append(Html.escape(now.key())).append("</td>");
            for (String p : List.of("p50", "p99")) {
                h.append("<td class=\"n\">")
                        .append(HtmlCells.micros(was.latency(p)))
                        .append("</td><td class=\"n\">")
                        .append(HtmlCells.micros(now.latency(p)))
                        .append("</td><td class=\"n\">")
                        .append(HtmlCells.ratio(now.latency(p), was.latency(p)))
                        .append("</td>");
            }
            h.append("<td class=\"n\">")
                    .append(
                            now.megabytesPerSecond().isPresent()
                                            && was.megabytesPerSecond().isPresent()
                                    ? HtmlCells.ratio(
                                            now.megabytesPerSecond().get(),
                                            was.megabytesPerSecond().get())
                                    : "")
                    .append("</td>");
            if (gated) {
                h.append("<td>")
                        .append(judged.getOrDefault(now.key(), "not judged"))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        if (common == 0) {
            h.append("<p>The runs have no measured case in common.</p>\n");
        }
    }

    private static long count(RunData run, String status) {
        return run.cases().stream().filter(c -> c.status().equals(status)).count();
    }

    private String link(RunData run, String file) {
        return "<a href=\"" + Html.escape(relative(run.dir().resolve(file))) + "\">" + Html.escape(file) + "</a>";
    }

    private String relative(Path file) {
        return reportDir
                .toAbsolutePath()
                .normalize()
                .relativize(file.toAbsolutePath().normalize())
                .toString();
    }

    private static void flatten(String prefix, JsonNode node, StringBuilder h) {
        if (node.isObject()) {
            node.properties()
                    .forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), h));
        } else if (!node.isMissingNode()) {
            h.append("<tr><th>")
                    .append(Html.escape(prefix))
                    .append("</th><td>")
                    .append(Html.escape(node.isTextual() ? node.asText() : node.toString()))
                    .append("</td></tr>");
        }
    }

    // A box of findings a reader must see before the figures; nothing when there are none.
    private static void warning(StringBuilder h, String heading, List<String> findings) {
        if (findings.isEmpty()) {
            return;
        }
        h.append("<div class=\"warning\"><p>").append(Html.escape(heading)).append("</p><ul>");
        findings.forEach(f -> h.append("<li>").append(Html.escape(f)).append("</li>"));
        h.append("</ul></div>\n");
    }
}
