package dev.ipcmark.report;

import static dev.ipcmark.report.ChartKit.HEIGHT;
import static dev.ipcmark.report.ChartKit.PERCENTILE_AXIS;
import static dev.ipcmark.report.ChartKit.WIDTH;
import static dev.ipcmark.report.ChartKit.addLine;
import static dev.ipcmark.report.ChartKit.bySeries;
import static dev.ipcmark.report.ChartKit.linearWhenNarrow;
import static dev.ipcmark.report.ChartKit.ok;
import static dev.ipcmark.report.ChartKit.padSizes;
import static dev.ipcmark.report.ChartKit.paint;
import static dev.ipcmark.report.ChartKit.shareValueAxis;
import static dev.ipcmark.report.ChartKit.sizeAxis;
import static dev.ipcmark.report.ChartKit.sizeChart;
import static dev.ipcmark.report.ChartKit.sizeX;
import static dev.ipcmark.report.ChartKit.small;
import static dev.ipcmark.report.ChartKit.style;

import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts of latency and throughput, each titled with the question it answers and with units on its axes.
 * Builders return XChart charts (tested for their series and axes) or empty when the run has nothing to draw for them;
 * what they share is in {@link ChartKit}.
 */
final class Charts {
    private Charts() {}

    /** The highest percentile drawn: 99.99 %. */
    static final double TOP_PERCENTILE = 99.99;

    /**
     * Latency by percentile, HdrHistogram style: x is log10(1/(1−p)), so the tail gets the room, labelled 90 %, 99 %,
     * 99.9 % … at its whole numbers.
     */
    static XYChart percentiles(String title, Map<String, Histogram> histograms) {
        XYChart chart = small(title, PERCENTILE_AXIS, "latency (µs)", histograms.size());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(ChartKit::percentileTick);
        histograms.forEach((label, h) -> {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p > TOP_PERCENTILE) {
                    break;
                }
                x.add(Math.log10(100 / (100 - p)));
                y.add(Math.max(v.getValueIteratedTo(), 1) / 1e3);
            }
            if (!x.isEmpty()) {
                chart.addSeries(label, x, y).setMarker(SeriesMarkers.NONE);
            }
        });
        paint(chart);
        return chart;
    }

    /**
     * p50 and p99 round trip against message size, a line per variant (a variant measured at one size is a point),
     * one small chart per transport so that each holds few enough lines to tell apart, all on one value axis so that
     * they compare.
     */
    static List<XYChart> latencyVsSize(List<CaseRow> cases) {
        Map<String, List<CaseRow>> transports =
                new java.util.TreeMap<>(Comparator.comparingInt(ChartKit::transportOrder));
        for (CaseRow c : ok(cases, c -> c.is(Pattern.PING_PONG))) {
            transports.computeIfAbsent(c.transport(), t -> new ArrayList<>()).add(c);
        }
        List<XYChart> charts = new ArrayList<>();
        transports.forEach((transport, rows) -> {
            Map<String, List<CaseRow>> lines = bySeries(rows);
            XYChart chart =
                    small(transport + " (p50 solid, p99 dashed)", "message size", "round trip (µs)", 2 * lines.size());
            sizeAxis(chart);
            lines.forEach((label, line) -> {
                addLine(chart, label + " p50", line, c -> c.latency("p50") / 1e3);
                addLine(chart, label + " p99", line, c -> c.latency("p99") / 1e3);
            });
            paint(chart);
            padSizes(chart);
            charts.add(chart);
        });
        shareValueAxis(new ArrayList<>(charts));
        return charts;
    }

    /** Stream throughput against message size, a line per transport variant, and memcpy's as the ceiling. */
    static Optional<XYChart> throughputVsSize(List<CaseRow> cases, Optional<Double> memcpy) {
        List<CaseRow> stream =
                ok(cases, c -> c.is(Pattern.STREAM) && c.megabytesPerSecond().isPresent());
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = sizeChart(
                "How many MB/s does each transport deliver one way, by message size?",
                "message size",
                "throughput (MB/s)");
        bySeries(stream)
                .forEach((label, rows) ->
                        addLine(chart, label, rows, c -> c.megabytesPerSecond().orElseThrow()));
        memcpy.ifPresent(m -> {
            double min = stream.stream().mapToLong(CaseRow::messageBytes).min().orElseThrow();
            double max = stream.stream().mapToLong(CaseRow::messageBytes).max().orElseThrow();
            chart.addSeries(
                            "memcpy (1 MiB block)",
                            new double[] {sizeX(min), sizeX(Math.max(max, min * 2))},
                            new double[] {m, m})
                    .setMarker(SeriesMarkers.NONE)
                    .setLineStyle(SeriesLines.DOT_DOT);
        });
        paint(chart);
        padSizes(chart);
        linearWhenNarrow(chart);
        return Optional.of(chart);
    }

    /**
     * Grouped bars of p50 and p99 for every variant of each transport measured at the run's smallest ping-pong size:
     * blocking modes, buffer sizes, lock kinds and sync strategies side by side.
     */
    static Optional<CategoryChart> variants(List<CaseRow> cases) {
        List<CaseRow> pingPong = ok(cases, c -> c.is(Pattern.PING_PONG));
        if (pingPong.isEmpty()) {
            return Optional.empty();
        }
        long size = pingPong.stream().mapToLong(CaseRow::messageBytes).min().orElseThrow();
        List<CaseRow> rows =
                pingPong.stream().filter(c -> c.messageBytes() == size).toList();
        Labels labels = new Labels(rows);
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(Math.max(HEIGHT, 80 + rows.size() * 6))
                .title("Which mode, buffer, lock or sync is fastest? (" + Sizes.human(size) + " ping-pong)")
                .xAxisTitle("transport and variant")
                .yAxisTitle("round trip (µs)")
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true).setXAxisLabelRotation(60);
        // Bars grow from the axis minimum, which XChart puts at 0 unless told: a log axis needs it below the data.
        double lowest = rows.stream().mapToDouble(c -> c.latency("p50")).min().orElseThrow() / 1e3;
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))));
        List<String> names = rows.stream().map(labels::of).toList();
        chart.addSeries(
                "p50", names, rows.stream().map(c -> c.latency("p50") / 1e3).toList());
        chart.addSeries(
                "p99", names, rows.stream().map(c -> c.latency("p99") / 1e3).toList());
        return Optional.of(chart);
    }
}
