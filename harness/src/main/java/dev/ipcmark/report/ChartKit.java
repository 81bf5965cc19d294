package dev.ipcmark.report;

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
import org.knowm.xchart.CategoryChart;
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
 * What the report's charts share: sizes, styling, axes on log scales (sizes by log2, percentiles by log10 of 1/(1-p)),
 * small multiples with a shared value axis, and the case key of every point for the tooltips.
 */
final class ChartKit {
    private ChartKit() {}

    /** The width of a chart that stands alone. */
    static final int WIDTH = 900;
    /** The width of one of several small charts of one question. */
    static final int SMALL_WIDTH = 600;

    /** The height of a chart, its legend aside. */
    static final int HEIGHT = 480;
    /** The percentile axis's title. */
    static final String PERCENTILE_AXIS = "percentile";

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

    static XYChart sizeChart(String title, String xTitle, String yTitle) {
        XYChart chart = xy(title, xTitle, yTitle);
        sizeAxis(chart);
        return chart;
    }

    /** Sizes along x (see {@link #sizeX}), latency or rate up a logarithmic y. */
    static void sizeAxis(XYChart chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(ChartKit::sizeTick);
        // Ticks close enough that whole powers of two get them (a label every factor of 4 or so, not of 32).
        chart.getStyler().setXAxisTickMarkSpacingHint(48);
    }

    /**
     * A power of two of room either side, so that a point at the smallest or largest size is not on the frame (whole
     * powers: XChart counts its ticks from the axis minimum, and only whole numbers get a label).
     */
    static void padSizes(XYChart chart) {
        double[] x = range(chart, XYSeries::getXMin, XYSeries::getXMax);
        if (x[0] <= x[1]) {
            chart.getStyler().setXAxisMin(Math.floor(x[0]) - 1).setXAxisMax(Math.ceil(x[1]) + 1);
        }
    }

    /** The lowest {@code low} and the highest {@code high} over the chart's series. */
    static double[] range(XYChart chart, ToDoubleFunction<XYSeries> low, ToDoubleFunction<XYSeries> high) {
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
    static void linearWhenNarrow(XYChart chart) {
        double[] y = range(chart, XYSeries::getYMin, XYSeries::getYMax);
        if (chart.getStyler().isYAxisLogarithmic() && y[0] > 0 && y[1] / y[0] < 10) {
            chart.getStyler().setYAxisLogarithmic(false);
        }
    }

    static final java.awt.BasicStroke DASHED = new java.awt.BasicStroke(
            1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    /** Enough height for a plot and, below it, a legend of {@code series} entries. */
    static int legendHeight(int series) {
        return 380 + 19 * series;
    }

    /** A small chart of several: its legend goes below the plot, so that the plot keeps the chart's width. */
    static XYChart small(String title, String xTitle, String yTitle, int series) {
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

    static int transportOrder(String transport) {
        return TransportKind.byId(transport).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    /** The family of {@code c}'s transport (a transport this version no longer has, in an old run: the last one). */
    static TransportKind.Family family(CaseRow c) {
        return TransportKind.byId(c.transport()).map(TransportKind::family).orElse(TransportKind.Family.SHARED);
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

    static XYSeries addLine(XYChart chart, String name, List<CaseRow> rows, ToDoubleFunction<CaseRow> y) {
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
    static final Map<XYSeries, List<String>> POINT_KEYS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The case keys of {@code series}' points, when it was drawn from cases. */
    static Optional<List<String>> pointKeys(XYSeries series) {
        return Optional.ofNullable(POINT_KEYS.get(series));
    }

    static List<CaseRow> ok(List<CaseRow> cases, Predicate<CaseRow> which) {
        return cases.stream().filter(CaseRow::ok).filter(which).toList();
    }

    /** Cases by series label (transport and varying knobs), in first-seen order. */
    static Map<String, List<CaseRow>> bySeries(List<CaseRow> cases) {
        Labels labels = new Labels(cases);
        Map<String, List<CaseRow>> series = new LinkedHashMap<>();
        for (CaseRow c : cases) {
            series.computeIfAbsent(labels.of(c), k -> new ArrayList<>()).add(c);
        }
        return series;
    }
}
