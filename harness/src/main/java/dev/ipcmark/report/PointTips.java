package dev.ipcmark.report;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A tooltip on every point of a chart drawn from cases: an SVG laid over the chart's PNG (same view box, so it scales
 * with the image), a transparent circle per point whose title names the series, the value and the case. The charts
 * stay PNG because XChart draws its text as glyph outlines, which makes an SVG of a chart about ten times the PNG's
 * size (276 KB against 25 KB for a plain two-series chart) with no text in it to select or search.
 */
final class PointTips {
    private static final int RADIUS = 7;

    private PointTips() {}

    /** The overlay of {@code chart}, which must have been drawn (its axes laid out); empty when it has no such point. */
    static String overlay(Chart<?, ?> chart) {
        if (!(chart instanceof XYChart xy)) {
            return "";
        }
        String unit = unit(xy.getYAxisTitle());
        StringBuilder circles = new StringBuilder();
        for (XYSeries series : xy.getSeriesMap().values()) {
            List<String> keys = ChartKit.pointKeys(series).orElse(null);
            if (keys == null) {
                continue;
            }
            double[] x = series.getXData();
            double[] y = series.getYData();
            for (int i = 0; i < x.length && i < keys.size(); i++) {
                circles.append(String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"><title>",
                                xy.getScreenXFromChart(x[i]),
                                xy.getScreenYFromChart(y[i]),
                                RADIUS))
                        .append(Html.escape(series.getName() + ": " + value(y[i]) + unit + "\n" + keys.get(i)))
                        .append("</title></circle>");
            }
        }
        if (circles.isEmpty()) {
            return "";
        }
        return "<svg class=\"points\" viewBox=\"0 0 " + chart.getWidth() + " " + chart.getHeight() + "\">" + circles
                + "</svg>";
    }

    /** " µs" from "round trip (µs)". */
    private static String unit(String axisTitle) {
        int open = axisTitle.lastIndexOf('(');
        int close = axisTitle.lastIndexOf(')');
        return open >= 0 && close > open ? " " + axisTitle.substring(open + 1, close) : "";
    }

    private static String value(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
