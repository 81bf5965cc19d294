package dev.ipcmark.report;

import dev.ipcmark.results.HistogramLogs;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.TransportKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.internal.chartpart.Chart;

/** Every chart of a run, in reading order: the report draws them, alone or side by side with other runs. */
final class RunCharts {
    private RunCharts() {}

    /** Series per percentile chart: more would make the legend unreadable. */
    static final int SERIES_PER_CHART = 10;

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
    static List<Chart<?, ?>> percentileCharts(RunData run) {
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
}
