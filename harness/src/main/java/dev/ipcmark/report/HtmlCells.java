package dev.ipcmark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The report's shared HTML pieces: a chart as an inline figure, number cells, and the page's style sheet. */
final class HtmlCells {
    private HtmlCells() {}

    /** {@code chart} as an inline PNG figure with its point tooltips, or a note when XChart cannot draw it. */
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

    static String micros(double ns) {
        return Double.isNaN(ns) ? "" : String.format(Locale.ROOT, "%.2f", ns / 1e3);
    }

    static String ratio(double now, double was) {
        return was > 0 ? String.format(Locale.ROOT, "%.2f", now / was) : "";
    }

    /** The style sheet of every page ipcmark writes (inline: a report is one self-contained file). */
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
            + "table.sortable th[aria-sort=ascending]::after{content:' ▴'}input.filter{margin:.5em 0;width:24em}"
            + "iframe.flame{width:100%;height:640px;border:1px solid #eee}"
            + "div.warning{border-left:4px solid #d9822b;background:#fff8ef;padding:.1em 1em;margin:1em 0}";
}
