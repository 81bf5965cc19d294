package dev.ipcmark.report;

import dev.ipcmark.results.CopyVsMap;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.TransportKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.AxesChartSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, each titled with the question it answers and with units on its axes. Builders return XChart
 * charts (tested for their series and axes) or empty when the run has nothing to draw for them.
 */
final class Charts {
    static final int WIDTH = 900;
    /** The width of one of several small charts of one question. */
    static final int SMALL_WIDTH = 600;

    static final int HEIGHT = 480;
    /** The highest percentile drawn: 99.99 %. */
    static final double TOP_PERCENTILE = 99.99;

    private Charts() {}

    /** The percentile axis's title. */
    static final String PERCENTILE_AXIS = "percentile";

    /**
     * Latency by percentile, HdrHistogram style: x is log10(1/(1−p)), so the tail gets the room, labelled 90 %, 99 %,
     * 99.9 % … at its whole numbers.
     */
    static XYChart percentiles(String title, Map<String, Histogram> histograms) {
        XYChart chart = small(title, PERCENTILE_AXIS, "latency (µs)", histograms.size());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::percentileTick);
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

    /** The label of a percentile axis tick at x = log10(1/(1−p)): "99.9 %" at 3, nothing between whole numbers. */
    static String percentileTick(double x) {
        long k = Math.round(x);
        if (Math.abs(x - k) > 1e-6 || k < 0 || k > 9) {
            return "";
        }
        return k == 0
                ? "0 %"
                : String.format(java.util.Locale.ROOT, "%." + Math.max(0, k - 2) + "f %%", 100 - 100 / Math.pow(10, k));
    }

    /**
     * Where a size goes on a size axis: log2(bytes) on a linear axis, labelled 64 B, 4 KiB, 1 MiB at its whole numbers
     * (XChart draws a logarithmic axis linear once its tick labels are formatted, and its own read 1E4).
     */
    static double sizeX(double bytes) {
        return Math.log(bytes) / Math.log(2);
    }

    /** The label of a size axis tick at x = log2(bytes): "4 KiB" at 12, nothing between whole numbers. */
    static String sizeTick(double x) {
        long k = Math.round(x);
        if (Math.abs(x - k) > 1e-6 || k < 0 || k > 62) {
            return "";
        }
        return Sizes.label(1L << k);
    }

    private static XYChart sizeChart(String title, String xTitle, String yTitle) {
        XYChart chart = xy(title, xTitle, yTitle);
        sizeAxis(chart);
        return chart;
    }

    /** Sizes along x (see {@link #sizeX}), latency or rate up a logarithmic y. */
    private static void sizeAxis(XYChart chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::sizeTick);
        // Ticks close enough that whole powers of two get them (a label every factor of 4 or so, not of 32).
        chart.getStyler().setXAxisTickMarkSpacingHint(48);
    }

    /**
     * A power of two of room either side, so that a point at the smallest or largest size is not on the frame (whole
     * powers: XChart counts its ticks from the axis minimum, and only whole numbers get a label).
     */
    private static void padSizes(XYChart chart) {
        double[] x = range(chart, XYSeries::getXMin, XYSeries::getXMax);
        if (x[0] <= x[1]) {
            chart.getStyler().setXAxisMin(Math.floor(x[0]) - 1).setXAxisMax(Math.ceil(x[1]) + 1);
        }
    }

    /** The lowest {@code low} and the highest {@code high} over the chart's series. */
    private static double[] range(XYChart chart, ToDoubleFunction<XYSeries> low, ToDoubleFunction<XYSeries> high) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            min = Math.min(min, low.applyAsDouble(series));
            max = Math.max(max, high.applyAsDouble(series));
        }
        return new double[] {min, max};
    }

    /**
     * Colours every series by its transport (the first word of its name) and, where it has none yet, gives it a
     * solid line, or dashed for a p99, and a marker per variant of that transport: one key for every chart.
     */
    static void paint(XYChart chart) {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (XYSeries series : chart.getSeriesMap().values()) {
            String name = series.getName();
            String transport = name.split("[ ,]", 2)[0];
            String variant = name.replaceFirst(" p(50|99)$", "");
            List<String> seen = variants.computeIfAbsent(transport, t -> new ArrayList<>());
            if (!seen.contains(variant)) {
                seen.add(variant);
            }
            int n = seen.indexOf(variant);
            java.awt.Color colour = Palette.shade(Palette.of(transport), n);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            boolean lineOnly = series.getMarker() == SeriesMarkers.NONE;
            if (series.getLineStyle() == null) {
                // Lines without markers tell their variants apart by dash pattern as well as shade.
                series.setLineStyle(name.endsWith(" p99") ? DASHED : lineOnly ? Palette.stroke(n) : SeriesLines.SOLID);
            }
            if (series.getMarker() == null) {
                series.setMarker(Palette.marker(n));
            }
        }
    }

    /**
     * A logarithmic value axis labels only powers of ten: data within one decade (a break-even of 1 to 3 transfers)
     * would get one label or none, so such a chart gets a linear axis.
     */
    private static void linearWhenNarrow(XYChart chart) {
        double[] y = range(chart, XYSeries::getYMin, XYSeries::getYMax);
        if (chart.getStyler().isYAxisLogarithmic() && y[0] > 0 && y[1] / y[0] < 10) {
            chart.getStyler().setYAxisLogarithmic(false);
        }
    }

    private static final java.awt.BasicStroke DASHED = new java.awt.BasicStroke(
            1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    /**
     * p50 and p99 round trip against message size, a line per variant (a variant measured at one size is a point),
     * one small chart per transport so that each holds few enough lines to tell apart, all on one value axis so that
     * they compare.
     */
    static List<XYChart> latencyVsSize(List<CaseRow> cases) {
        Map<String, List<CaseRow>> transports =
                new java.util.TreeMap<>(Comparator.comparingInt(Charts::transportOrder));
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

    /** Enough height for a plot and, below it, a legend of {@code series} entries. */
    static int legendHeight(int series) {
        return 380 + 19 * series;
    }

    /** A small chart of several: its legend goes below the plot, so that the plot keeps the chart's width. */
    private static XYChart small(String title, String xTitle, String yTitle, int series) {
        XYChart chart = new XYChartBuilder()
                .width(SMALL_WIDTH)
                .height(legendHeight(series))
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    private static int transportOrder(String transport) {
        return TransportKind.byId(transport).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    /** The family of {@code c}'s transport (a transport this version no longer has, in an old run: the last one). */
    static TransportKind.Family family(CaseRow c) {
        return TransportKind.byId(c.transport()).map(TransportKind::family).orElse(TransportKind.Family.SHARED);
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

    /** Context switches and page faults per message of both processes, per variant at the smallest size. */
    static Optional<CategoryChart> counters(List<CaseRow> cases) {
        List<CaseRow> rows = costed(cases);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart =
                bars(rows, "Why: what each message costs the kernel, both processes", "events per message");
        List<String> names = names(rows);
        Map<String, String> events = new LinkedHashMap<>();
        events.put("voluntarySwitches", "voluntary context switches");
        events.put("involuntarySwitches", "involuntary context switches");
        events.put("minorFaults", "minor page faults");
        events.forEach((event, name) -> chart.addSeries(
                name,
                names,
                rows.stream()
                        .map(c -> c.costs().getOrDefault("self." + event, 0.0)
                                + c.costs().getOrDefault("peer." + event, 0.0))
                        .toList()));
        return Optional.of(chart);
    }

    /** CPU time per message of both processes, user and system, per variant (the same cases as {@link #counters}). */
    static Optional<CategoryChart> cpu(List<CaseRow> cases) {
        List<CaseRow> rows = costed(cases);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart =
                bars(rows, "Where the time goes: CPU per message, user and kernel", "CPU time per message (µs)");
        chart.getStyler().setStacked(true);
        List<String> names = names(rows);
        for (String side : List.of("self", "peer")) {
            for (String kind : List.of("user", "system")) {
                chart.addSeries(
                        side + " " + kind,
                        names,
                        rows.stream()
                                .map(c -> c.costs().getOrDefault(side + "." + kind + "Ns", 0.0) / 1e3)
                                .toList());
            }
        }
        return Optional.of(chart);
    }

    private static CategoryChart bars(List<CaseRow> rows, String question, String yTitle) {
        CaseRow first = rows.getFirst();
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(question + " (" + first.pattern() + ", " + Sizes.human(first.messageBytes()) + ")")
                .xAxisTitle("transport and variant")
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(60);
        return chart;
    }

    private static List<String> names(List<CaseRow> rows) {
        Labels labels = new Labels(rows);
        return rows.stream().map(labels::of).toList();
    }

    /**
     * The cases with counters of the first pattern that has them (setup aside: it has no peer), at its smallest size.
     */
    private static List<CaseRow> costed(List<CaseRow> cases) {
        List<CaseRow> rows = ok(cases, c -> !c.costs().isEmpty() && !c.is(Pattern.SETUP));
        if (rows.isEmpty()) {
            return rows;
        }
        String pattern = rows.getFirst().pattern();
        long size = rows.stream()
                .filter(c -> c.pattern().equals(pattern))
                .mapToLong(CaseRow::messageBytes)
                .min()
                .orElseThrow();
        return rows.stream()
                .filter(c -> c.messageBytes() == size && c.pattern().equals(pattern))
                .toList();
    }

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
                    bySize.keySet().stream().mapToDouble(Charts::sizeX).toArray(),
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

    /**
     * Gives {@code charts} (the same chart of several runs) one value axis, so that side by side their heights
     * compare; a logarithmic axis keeps its minimum above zero.
     */
    static void shareValueAxis(List<Chart<?, ?>> charts) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Chart<?, ?> chart : charts) {
            for (Object s : chart.getSeriesMap().values()) {
                if (s instanceof AxesChartSeries series) {
                    min = Math.min(min, series.getYMin());
                    max = Math.max(max, series.getYMax());
                }
            }
        }
        if (charts.size() < 2 || !(max > min)) {
            return;
        }
        // One kind of axis for all: a run whose values span less than a decade may have been drawn linear alone.
        boolean anyLog =
                charts.stream().anyMatch(c -> c.getStyler() instanceof AxesChartStyler a && a.isYAxisLogarithmic());
        for (Chart<?, ?> chart : charts) {
            if (chart.getStyler() instanceof AxesChartStyler styler) {
                if (anyLog && min > 0) {
                    styler.setYAxisLogarithmic(true);
                }
                boolean log = styler.isYAxisLogarithmic();
                if (!log || min > 0) {
                    // Bars grow from the axis minimum: on a log axis it goes to the decade below the lowest value, or
                    // the lowest bar would have no height.
                    double floor = log ? Math.pow(10, Math.floor(Math.log10(min))) : Math.min(0, min);
                    styler.setYAxisMin(chart instanceof CategoryChart || log ? floor : min);
                    styler.setYAxisMax(max);
                }
            }
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

    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setAntiAlias(true);
        styler.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12));
        if (styler instanceof AxesChartStyler axes) {
            // 10,000 µs rather than 1E4 (the pattern applies to logarithmic axes too).
            axes.setYAxisDecimalPattern("#,##0.###");
        }
    }

    private static XYSeries addLine(XYChart chart, String name, List<CaseRow> rows, ToDoubleFunction<CaseRow> y) {
        List<CaseRow> sorted = rows.stream()
                .sorted(Comparator.comparingLong(CaseRow::messageBytes))
                .toList();
        XYSeries series = chart.addSeries(
                name,
                sorted.stream().mapToDouble(c -> sizeX(c.messageBytes())).toArray(),
                sorted.stream().mapToDouble(y).toArray());
        POINT_KEYS.put(series, sorted.stream().map(CaseRow::key).toList());
        return series;
    }

    /**
     * The case key of each point of the series drawn from cases, for the report's tooltips. XChart keeps no data of its
     * own per point; a weak map lets a chart and its series go when the report is done with them.
     */
    private static final Map<XYSeries, List<String>> POINT_KEYS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The case keys of {@code series}' points, when it was drawn from cases. */
    static Optional<List<String>> pointKeys(XYSeries series) {
        return Optional.ofNullable(POINT_KEYS.get(series));
    }

    private static List<CaseRow> ok(List<CaseRow> cases, Predicate<CaseRow> which) {
        return cases.stream().filter(CaseRow::ok).filter(which).toList();
    }

    /** Cases by series label (transport and varying knobs), in first-seen order. */
    private static Map<String, List<CaseRow>> bySeries(List<CaseRow> cases) {
        Labels labels = new Labels(cases);
        Map<String, List<CaseRow>> series = new LinkedHashMap<>();
        for (CaseRow c : cases) {
            series.computeIfAbsent(labels.of(c), k -> new ArrayList<>()).add(c);
        }
        return series;
    }
}
