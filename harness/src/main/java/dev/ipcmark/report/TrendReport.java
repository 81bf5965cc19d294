package dev.ipcmark.report;

import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.store.History;
import dev.ipcmark.store.TrendSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of the results store: each case's p50 and p99 over the stored runs, one chart per case and machine
 * class, with the run's 95% interval of its p50 and every change point marked and listed; or, with several machine
 * classes, the same cases on each machine side by side.
 */
public final class TrendReport {
    private TrendReport() {}

    /**
     * Writes {@code <reportsRoot>/<name>/index.html} with a chart per series of {@code p50} (the matching series of
     * {@code p99} drawn with it); returns the page's path.
     */
    public static Path trends(
            List<TrendSeries> p50, List<TrendSeries> p99, String what, Path reportsRoot, String name) {
        StringBuilder h = page("ipcmark history: " + what);
        h.append("<p>Each chart follows one case on one machine class, oldest run first: the p50 with the 95%"
                + " interval of each run's median (dashed; from resampling the run's forks and iterations), and the"
                + " p99. A vertical line marks a change point (E-divisive means, t-test at p &lt; 0.001 corrected"
                + " for the splits tried), listed under its chart with its run and commit.</p>\n");
        if (p50.isEmpty()) {
            h.append("<p class=\"missing\">No finished run in the store has a matching case.</p>\n");
        }
        Map<List<String>, TrendSeries> tails = new LinkedHashMap<>();
        p99.forEach(s -> tails.put(List.of(s.caseKey(), s.machineClass()), s));
        for (TrendSeries s : p50) {
            Optional<TrendSeries> tail = Optional.ofNullable(tails.get(List.of(s.caseKey(), s.machineClass())));
            h.append("<h2>").append(Html.escape(s.caseKey())).append("</h2>\n<p>Machine class ");
            h.append(Html.escape(s.machineClass()))
                    .append(", ")
                    .append(s.points().size())
                    .append(" runs, ")
                    .append(Html.escape(s.points().getFirst().startedAt()))
                    .append(" to ")
                    .append(Html.escape(s.points().getLast().startedAt()))
                    .append(".</p>\n");
            h.append(HtmlCells.figure(chart(s, tail), s.caseKey() + " on " + s.machineClass()));
            changes(h, "p50", s);
            tail.ifPresent(t -> changes(h, "p99", t));
        }
        return write(h, reportsRoot, name);
    }

    /**
     * Writes the machines-side-by-side page: for each case, the newest run's p50 (and its interval) on each of
     * {@code machineClasses}; returns the page's path.
     */
    public static Path machines(List<TrendSeries> p50, List<String> machineClasses, Path reportsRoot, String name) {
        StringBuilder h = page("ipcmark machines: " + String.join(" vs ", machineClasses));
        h.append("<p>The newest finished run of each case on each machine class, its p50 with the 95% interval of"
                + " the run's median. A case missing on a machine has a dash.</p>\n");
        Set<String> cases = new LinkedHashSet<>();
        Map<List<String>, History.Point> newest = new LinkedHashMap<>();
        for (TrendSeries s : p50) {
            cases.add(s.caseKey());
            newest.put(List.of(s.caseKey(), s.machineClass()), s.points().getLast());
        }
        if (!cases.isEmpty()) {
            CategoryChart chart = new CategoryChartBuilder()
                    .width(ChartKit.WIDTH)
                    .height(ChartKit.HEIGHT + 120)
                    .title("p50 round trip or batch, newest run per machine class")
                    .xAxisTitle("case")
                    .yAxisTitle("p50 (µs)")
                    .build();
            ChartKit.style(chart.getStyler());
            chart.getStyler().setXAxisLabelRotation(60);
            List<String> labels = cases.stream().map(TrendReport::shortKey).toList();
            for (String machine : machineClasses) {
                List<Double> values = cases.stream()
                        .map(c -> Optional.ofNullable(newest.get(List.of(c, machine)))
                                .map(p -> p.value() / 1000)
                                .orElse(0.0))
                        .toList();
                chart.addSeries(machine, labels, values);
            }
            h.append(HtmlCells.figure(chart, "p50 per case and machine class"));
        }
        h.append("<table><thead><tr><th>case</th>");
        machineClasses.forEach(m -> h.append("<th>").append(Html.escape(m)).append(" p50 (µs) [95%]</th>"));
        h.append("</tr></thead><tbody>\n");
        for (String c : cases) {
            h.append("<tr><td>").append(Html.escape(c)).append("</td>");
            for (String m : machineClasses) {
                History.Point p = newest.get(List.of(c, m));
                h.append("<td class=\"n\">")
                        .append(p == null ? "–" : Html.escape(micros(p.value()) + interval(p)))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        return write(h, reportsRoot, name);
    }

    private static StringBuilder page(String title) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title))
                .append("</title>\n<style>")
                .append(HtmlCells.STYLE)
                .append("</style></head><body>\n<h1>")
                .append(Html.escape(title))
                .append("</h1>\n");
        return h;
    }

    private static Path write(StringBuilder h, Path reportsRoot, String name) {
        h.append("</body></html>\n");
        Path dir = reportsRoot.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ReportException("cannot create " + dir + ": " + e.getMessage());
        }
        Path index = dir.resolve("index.html");
        RunDirectory.writeAtomically(index, h.toString());
        return index;
    }

    private static XYChart chart(TrendSeries s, Optional<TrendSeries> tail) {
        XYChart chart = ChartKit.xy(shortKey(s.caseKey()), "run (oldest first)", "latency (µs)");
        double[] x =
                IntStream.rangeClosed(1, s.points().size()).asDoubleStream().toArray();
        XYSeries p50 = chart.addSeries("p50", x, values(s.points(), History.Point::value));
        p50.setMarker(SeriesMarkers.CIRCLE);
        if (s.points().stream().noneMatch(p -> Double.isNaN(p.low()))) {
            for (String end : List.of("low", "high")) {
                XYSeries band = chart.addSeries(
                        "p50 95% " + end,
                        x,
                        values(s.points(), end.equals("low") ? History.Point::low : History.Point::high));
                band.setLineStyle(SeriesLines.DASH_DASH);
                band.setMarker(SeriesMarkers.NONE);
                band.setLineColor(java.awt.Color.GRAY);
            }
        }
        tail.ifPresent(t -> {
            // The p99 series has a point for every run of the p50 one (both come from the same case rows).
            double[] tx =
                    IntStream.rangeClosed(1, t.points().size()).asDoubleStream().toArray();
            chart.addSeries("p99", tx, values(t.points(), History.Point::value)).setMarker(SeriesMarkers.DIAMOND);
        });
        for (TrendSeries.Shift c : s.changes()) {
            // Between the last run before the change and the first after it.
            chart.addAnnotation(new AnnotationLine(c.index() + 0.5, true, false));
        }
        return chart;
    }

    private static double[] values(
            List<History.Point> points, java.util.function.ToDoubleFunction<History.Point> value) {
        return points.stream().mapToDouble(value).map(v -> v / 1000).toArray();
    }

    private static void changes(StringBuilder h, String metric, TrendSeries s) {
        if (s.points().size() < 2 * dev.ipcmark.store.ChangePoints.MIN_SIZE) {
            h.append("<p>")
                    .append(metric)
                    .append(" change points: cannot tell with fewer than ")
                    .append(2 * dev.ipcmark.store.ChangePoints.MIN_SIZE)
                    .append(" runs.</p>\n");
            return;
        }
        if (s.changes().isEmpty()) {
            h.append("<p>").append(metric).append(": no change point.</p>\n");
            return;
        }
        h.append("<ul>");
        for (TrendSeries.Shift c : s.changes()) {
            h.append("<li>")
                    .append(Html.escape(String.format(
                            Locale.ROOT,
                            "%s changed at run %d, %s (commit %s, %s): %s → %s µs (%+.1f%%, p = %.2g)",
                            metric,
                            c.index() + 1,
                            c.at().runId(),
                            c.at().commit() == null ? "unknown" : c.at().commit(),
                            c.at().startedAt(),
                            micros(c.before()),
                            micros(c.after()),
                            c.percent(),
                            c.pValue())))
                    .append("</li>");
        }
        h.append("</ul>\n");
    }

    private static String micros(double ns) {
        return String.format(Locale.ROOT, ns >= 100_000 ? "%.0f" : "%.2f", ns / 1000);
    }

    private static String interval(History.Point p) {
        return Double.isNaN(p.low()) ? "" : " [" + micros(p.low()) + ", " + micros(p.high()) + "]";
    }

    /** The key without the knobs at their defaults' usual spelling, to fit a chart title. */
    private static String shortKey(String key) {
        List<String> parts = new ArrayList<>(List.of(key.split("/")));
        parts.removeIf(p -> p.endsWith("=default"));
        return String.join("/", parts);
    }
}
