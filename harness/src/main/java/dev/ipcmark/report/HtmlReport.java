package dev.ipcmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcmark.results.HistogramLogs;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
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
    /** Series per percentile chart: more would make the legend unreadable. */
    static final int SERIES_PER_CHART = 10;

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
                .append(STYLE)
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
                .append(link(run, "run.json"))
                .append(", ")
                .append(link(run, "summary.csv"))
                .append(", ")
                .append(link(run, "scenario.yaml"));
        if (!run.copyVsMap().isEmpty()) {
            h.append(", ").append(link(run, "copy-vs-map.csv"));
        }
        h.append(".</p>\n");
        if (!run.gate().isMissingNode()) {
            gate(h, run.gate());
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
        if (runs.size() > 1) {
            comparison(h);
        }
        h.append("<h2>Charts</h2>\n");
        if (runs.size() == 1) {
            for (Chart<?, ?> chart : charts(run)) {
                h.append(figure(chart, chart.getTitle()));
            }
        } else {
            sideBySide(h);
        }
        casesTable(h, run);
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

    /** Every chart of {@code run}, in reading order. */
    static List<Chart<?, ?>> charts(RunData run) {
        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.addAll(Charts.latencyVsSize(run.cases()));
        Charts.throughputVsSize(run.cases(), run.memcpyMegabytesPerSecond()).ifPresent(charts::add);
        Charts.variants(run.cases()).ifPresent(charts::add);
        CopyVsMapCharts.transferCost(run.cases(), run.copyVsMap(), run.crossovers())
                .ifPresent(charts::add);
        CopyVsMapCharts.setupCost(run.cases()).ifPresent(charts::add);
        CopyVsMapCharts.breakEven(run.copyVsMap()).ifPresent(charts::add);
        CostCharts.counters(run.cases()).ifPresent(charts::add);
        CostCharts.cpu(run.cases()).ifPresent(charts::add);
        charts.addAll(percentileCharts(run));
        return charts;
    }

    /**
     * Latency distributions: for each pattern and size, one chart per transport family (and at most
     * {@link #SERIES_PER_CHART} variants each), all of that pattern and size on one value axis.
     */
    private static List<Chart<?, ?>> percentileCharts(RunData run) {
        Map<String, Map<TransportKind.Family, List<CaseRow>>> groups = new LinkedHashMap<>();
        for (CaseRow c : run.cases()) {
            if (c.ok() && c.hlog().isPresent()) {
                groups.computeIfAbsent(
                                c.pattern() + ", " + Sizes.label(c.messageBytes()), k -> new java.util.TreeMap<>())
                        .computeIfAbsent(ChartKit.family(c), k -> new ArrayList<>())
                        .add(c);
            }
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        groups.forEach((group, families) -> {
            List<Chart<?, ?>> scale = new ArrayList<>();
            families.forEach((family, cases) -> {
                Labels labels = new Labels(cases);
                // As many charts as needed, evenly filled: 11 variants are 6 and 5, not 10 and 1.
                int parts = (cases.size() + SERIES_PER_CHART - 1) / SERIES_PER_CHART;
                int each = (cases.size() + parts - 1) / parts;
                for (int from = 0; from < cases.size(); from += each) {
                    List<CaseRow> part = cases.subList(from, Math.min(cases.size(), from + each));
                    Map<String, Histogram> histograms = new LinkedHashMap<>();
                    for (CaseRow c : part) {
                        histograms.put(
                                labels.of(c), HistogramLogs.total(c.hlog().orElseThrow()));
                    }
                    String suffix = parts > 1 ? " (" + (from / each + 1) + " of " + parts + ")" : "";
                    scale.add(Charts.percentiles("Percentiles, " + group + ": " + family.title() + suffix, histograms));
                }
            });
            ChartKit.shareValueAxis(scale);
            charts.addAll(scale);
        });
        return charts;
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
            charts(r).forEach(c -> byTitle.putIfAbsent(c.getTitle(), c));
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
                                : figure(chart, id + ": " + title));
            }
            h.append("</div>\n");
        }
    }

    static String figure(Chart<?, ?> chart, String caption) {
        String title = Html.escape(caption);
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // One chart XChart refuses must not cost the rest of the report.
            return "<p class=\"missing\">" + title + ": this chart could not be drawn ("
                    + Html.escape(String.valueOf(e.getMessage())) + ").</p>\n";
        }
        return "<figure><div class=\"chart\"><img class=\"chart\" alt=\"" + title + "\" width=\"" + chart.getWidth()
                + "\" height=\"" + chart.getHeight() + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png)
                + "\">" + PointTips.overlay(chart) + "</div><figcaption>" + title + "</figcaption></figure>\n";
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
                h.append(microsCell(c.latency(p)));
            }
            h.append(megabytesCell(c))
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

    /** {@code vm-2core (5 runs)} or the one run's id. */
    private static String baselineName(JsonNode baseline) {
        JsonNode runs = baseline.path("runs");
        if (runs.size() == 1) {
            return runs.get(0).asText();
        }
        return java.nio.file.Path.of(baseline.path("dir").asText("?")).getFileName() + " (" + runs.size() + " runs)";
    }

    /**
     * The gate's verdict on this run against its baseline: the summary, then every comparison that needs a look
     * (regressions first), the rest folded away.
     */
    private static void gate(StringBuilder h, JsonNode gate) {
        int regressions = gate.path("regressions").asInt();
        h.append("<h2>Gate: ")
                .append(
                        regressions == 0
                                ? "no regression"
                                : regressions + " regression" + (regressions == 1 ? "" : "s"))
                .append(" against ")
                .append(Html.escape(baselineName(gate.path("baseline"))))
                .append("</h2>\n<p>")
                .append(Html.escape(gate.path("summary").asText()))
                .append(". A change counts only when it is significant across runs (α = ")
                .append(Html.escape(gate.path("alpha").asText()))
                .append(" for all the run's tests together, Holm) and beyond its threshold; too-noisy says how large a"
                        + " change the gate could see here.</p>\n");
        gate.path("environmentDifferences").forEach(d -> h.append("<p class=\"missing\">Different machine: ")
                .append(Html.escape(d.asText()))
                .append("</p>\n"));
        gate.path("warnings").forEach(w -> h.append("<p class=\"missing\">")
                .append(Html.escape(w.asText()))
                .append("</p>\n"));
        List<JsonNode> notable = new ArrayList<>();
        List<JsonNode> rest = new ArrayList<>();
        for (String verdict : List.of(
                "regressed",
                "failed",
                "untestable",
                "withheld",
                "improved",
                "too-noisy",
                "inconclusive",
                "unchanged")) {
            gate.path("results").forEach(r -> {
                if (r.path("verdict").asText().equals(verdict)) {
                    (List.of("regressed", "failed", "untestable", "withheld", "improved")
                                            .contains(verdict)
                                    ? notable
                                    : rest)
                            .add(r);
                }
            });
        }
        if (!notable.isEmpty()) {
            gateTable(h, notable);
        }
        if (!rest.isEmpty()) {
            h.append("<details><summary>")
                    .append(rest.size())
                    .append(" unchanged, too noisy to gate or inconclusive</summary>\n");
            gateTable(h, rest);
            h.append("</details>\n");
        }
    }

    private static void gateTable(StringBuilder h, List<JsonNode> results) {
        h.append("<table><thead><tr><th>verdict</th><th>case</th><th>metric</th><th>change</th>"
                + "<th>interval</th><th>why</th></tr></thead><tbody>\n");
        for (JsonNode r : results) {
            String verdict = r.path("verdict").asText();
            h.append("<tr><td>")
                    .append(
                            verdict.equals("regressed") || verdict.equals("failed")
                                    ? "<strong>" + Html.escape(verdict) + "</strong>"
                                    : Html.escape(verdict))
                    .append("</td><td>")
                    .append(Html.escape(r.path("case").asText()))
                    .append("</td><td>")
                    .append(Html.escape(r.path("metric").asText("–")))
                    .append("</td><td class=\"n\">")
                    .append(r.has("ratio") ? percent(r.get("ratio").asDouble()) : "–")
                    .append("</td><td class=\"n\">")
                    .append(
                            r.has("ratioLow")
                                    ? "[" + percent(r.get("ratioLow").asDouble()) + ", "
                                            + percent(r.get("ratioHigh").asDouble()) + "]"
                                    : "–")
                    .append("</td><td>")
                    .append(Html.escape(r.path("note").asText()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }

    /** Every case the first and the last run share, side by side, with last/first ratios. */
    private void comparison(StringBuilder h) {
        RunData first = runs.getFirst();
        RunData last = runs.getLast();
        Map<String, CaseRow> before = new LinkedHashMap<>();
        first.cases().forEach(c -> before.put(c.key(), c));
        h.append("<h2>Comparison: ")
                .append(Html.escape(last.runId()))
                .append(" against ")
                .append(Html.escape(first.runId()))
                .append("</h2>\n<p>Ratios are this run over the baseline: above 1 is slower for latency, faster for"
                        + " MB/s.</p>\n<table><thead><tr><th>case</th><th>p50 before (µs)</th><th>p50 now (µs)</th>"
                        + "<th>ratio</th><th>p99 before (µs)</th><th>p99 now (µs)</th><th>ratio</th>"
                        + "<th>MB/s ratio</th></tr></thead><tbody>\n");
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
                        .append(micros(was.latency(p)))
                        .append("</td><td class=\"n\">")
                        .append(micros(now.latency(p)))
                        .append("</td><td class=\"n\">")
                        .append(ratio(now.latency(p), was.latency(p)))
                        .append("</td>");
            }
            h.append("<td class=\"n\">")
                    .append(
                            now.megabytesPerSecond().isPresent()
                                            && was.megabytesPerSecond().isPresent()
                                    ? ratio(
                                            now.megabytesPerSecond().get(),
                                            was.megabytesPerSecond().get())
                                    : "")
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        if (common == 0) {
            h.append("<p>The runs have no measured case in common.</p>\n");
        }
    }

    /** A right-aligned cell of a latency in µs, sortable by its value. */
    static String microsCell(double ns) {
        return Double.isNaN(ns) ? "<td class=\"n\"></td>" : "<td class=\"n\">" + micros(ns) + "</td>";
    }

    /** A right-aligned cell of the case's throughput in MB/s, empty when it has none. */
    static String megabytesCell(CaseRow c) {
        return "<td class=\"n\">"
                + c.megabytesPerSecond()
                        .map(m -> String.format(Locale.ROOT, "%.1f", m))
                        .orElse("")
                + "</td>";
    }

    private static String ratio(double now, double was) {
        return was > 0 ? String.format(Locale.ROOT, "%.2f", now / was) : "";
    }

    private static String micros(double ns) {
        return Double.isNaN(ns) ? "" : String.format(Locale.ROOT, "%.2f", ns / 1e3);
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

    static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
            + "text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}"
            + "figure{display:inline-block;vertical-align:top;margin:1.5em 1.5em 1.5em 0;max-width:100%}"
            + "img.chart{max-width:100%;height:auto;border:1px solid #eee;display:block}"
            + "div.chart{position:relative}svg.points{position:absolute;left:0;top:0;width:100%;height:100%}"
            + "svg.points circle{fill:transparent;stroke:none;pointer-events:all}"
            + "svg.points circle:hover{stroke:#000;stroke-width:1.5}"
            + "div.runs{display:flex;gap:1em}div.runs>*{flex:1;min-width:0}"
            + "pre{background:#f7f7f7;padding:.5em;overflow:auto}pre.reason{background:none;padding:0;margin:0;"
            + "white-space:pre-wrap}dl.provenance{display:grid;grid-template-columns:max-content auto;gap:0 1em}"
            + "dl.provenance dt{font-weight:600}dl.provenance dd{margin:0;overflow-wrap:anywhere}"
            + "table.sortable th{cursor:pointer;user-select:none}table.sortable th[aria-sort]::after{content:' ▾'}"
            + "table.sortable th[aria-sort=ascending]::after{content:' ▴'}input.filter{margin:.5em 0;width:24em}";
}
