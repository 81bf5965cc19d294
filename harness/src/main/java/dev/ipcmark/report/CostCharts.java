package dev.ipcmark.report;

import static dev.ipcmark.report.ChartKit.HEIGHT;
import static dev.ipcmark.report.ChartKit.WIDTH;
import static dev.ipcmark.report.ChartKit.ok;
import static dev.ipcmark.report.ChartKit.style;

import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The report's charts of what a message costs both processes in the kernel: CPU time, switches and faults. */
final class CostCharts {
    private CostCharts() {}

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
}
