package dev.ipcmark.report;

import static dev.ipcmark.report.ChartKit.addLine;
import static dev.ipcmark.report.ChartKit.bySeries;
import static dev.ipcmark.report.ChartKit.linearWhenNarrow;
import static dev.ipcmark.report.ChartKit.ok;
import static dev.ipcmark.report.ChartKit.padSizes;
import static dev.ipcmark.report.ChartKit.paint;
import static dev.ipcmark.report.ChartKit.sizeChart;
import static dev.ipcmark.report.ChartKit.sizeX;

import dev.ipcmark.results.CopyVsMap;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's copy-vs-map charts: a transfer's cost by size, a segment's set-up cycle, and the break-even counts. */
final class CopyVsMapCharts {
    private CopyVsMapCharts() {}

    /** Copy vs map, per transfer: what one transfer costs by payload size, copy transports against mapped variants. */
    static Optional<XYChart> transferCost(
            List<CaseRow> cases, List<Map<String, String>> copyVsMap, List<CopyVsMap.Crossover> crossovers) {
        List<CaseRow> transfers = ok(cases, c -> c.is(Pattern.TRANSFER));
        if (transfers.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = sizeChart(
                "Copy vs map: one transfer's cost by size (mean; dashed: fresh mapping incl. set-up)",
                "payload size",
                "cost per transfer (µs)");
        bySeries(transfers).forEach((label, rows) -> addLine(chart, label, rows, c -> c.latency("mean") / 1e3));
        // A fresh mapping's whole price for one payload: where this line crosses a copy line, mapping starts to win.
        Map<String, List<double[]>> fresh = new LinkedHashMap<>();
        for (Map<String, String> r : copyVsMap) {
            double setup = number(r.get("setup_mean_ns"));
            double map = number(r.get("map_mean_ns"));
            if (!Double.isNaN(setup) && !Double.isNaN(map)) {
                fresh.computeIfAbsent(r.get("map_variant") + ", set-up + 1 transfer", k -> new ArrayList<>())
                        .add(new double[] {number(r.get("message_bytes")), (setup + map) / 1e3});
            }
        }
        fresh.forEach((label, points) -> {
            // The same points come once per copy transport: one each is enough.
            Map<Double, Double> bySize = new java.util.TreeMap<>();
            points.forEach(p -> bySize.putIfAbsent(p[0], p[1]));
            XYSeries series = chart.addSeries(
                    label,
                    bySize.keySet().stream().mapToDouble(ChartKit::sizeX).toArray(),
                    bySize.values().stream().mapToDouble(Double::doubleValue).toArray());
            series.setLineStyle(SeriesLines.DASH_DASH);
            series.setMarker(SeriesMarkers.NONE);
        });
        paint(chart);
        padSizes(chart);
        linearWhenNarrow(chart);
        // Each label sits a third of a decade above the point it marks, so it is not drawn over that line.
        labels(crossovers, copyVsMap)
                .forEach((copy, point) -> chart.addAnnotation(new AnnotationText(
                        "▼ mapping beats " + copy + " from " + Sizes.label((long) point[0]),
                        sizeX(point[0]),
                        point[1] * 2.2,
                        false)));
        return Optional.of(chart);
    }

    /**
     * Where to label each copy transport's crossover on the cost chart: at the smallest size from which any map
     * variant wins (the run's {@code crossovers}), on the copy's cost there (µs).
     */
    static Map<String, double[]> labels(List<CopyVsMap.Crossover> crossovers, List<Map<String, String>> copyVsMap) {
        Map<String, Long> from = new LinkedHashMap<>();
        crossovers.forEach(c -> from.merge(c.copy(), c.fromBytes(), Math::min));
        Map<String, double[]> labels = new LinkedHashMap<>();
        from.forEach((copy, bytes) -> copyVsMap.stream()
                .filter(r -> copy.equals(r.get("copy_transport")) && number(r.get("message_bytes")) == bytes)
                .findFirst()
                .ifPresent(r -> labels.put(copy, new double[] {bytes, number(r.get("copy_mean_ns")) / 1e3})));
        return labels;
    }

    private static double number(String text) {
        try {
            return text == null || text.isEmpty() ? Double.NaN : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Copy vs map, the one-time side: a segment's whole set-up cycle by size. */
    static Optional<XYChart> setupCost(List<CaseRow> cases) {
        List<CaseRow> setups = ok(cases, c -> c.is(Pattern.SETUP));
        if (setups.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart =
                sizeChart("What does making a channel cost? (create … destroy, mean)", "size", "set-up cycle (µs)");
        bySeries(setups).forEach((label, rows) -> addLine(chart, label, rows, c -> c.latency("mean") / 1e3));
        paint(chart);
        padSizes(chart);
        linearWhenNarrow(chart);
        return Optional.of(chart);
    }

    /**
     * Copy vs map, the verdict: after how many transfers a fresh mapping (set-up included) is cheaper than copying,
     * by payload size, a line per copy transport × map variant; a point at 1 means mapping wins at once, a missing
     * point that it never pays.
     */
    static Optional<XYChart> breakEven(List<Map<String, String>> rows) {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            String n = r.getOrDefault("break_even_transfers", "never");
            if (n.equals("never") || n.isEmpty()) {
                continue;
            }
            lines.computeIfAbsent(r.get("copy_transport") + " vs " + r.get("map_variant"), k -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(r.get("message_bytes")), Double.parseDouble(n)});
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = sizeChart(
                "Where does mapping pay? Transfers until a fresh mapping wins (1 = at once)",
                "payload size",
                "break-even (transfers)");
        lines.forEach((label, points) -> {
            points.sort(Comparator.comparingDouble(p -> p[0]));
            chart.addSeries(
                    label,
                    points.stream().mapToDouble(p -> sizeX(p[0])).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
        });
        paint(chart);
        padSizes(chart);
        linearWhenNarrow(chart);
        return Optional.of(chart);
    }
}
