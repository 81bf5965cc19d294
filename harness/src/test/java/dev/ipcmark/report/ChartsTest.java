package dev.ipcmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.results.CopyVsMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {
    static CaseRow row(String pattern, String transport, long size, Map<String, String> knobs, double p50) {
        SequencedMap<String, String> k = new LinkedHashMap<>(knobs);
        Map<String, Double> latency = Map.of("p50", p50, "p99", p50 * 3, "mean", p50 * 1.2, "samples", 100.0);
        Map<String, Double> costs = Map.of("self.voluntarySwitches", 1.0, "peer.voluntarySwitches", 1.0);
        return new CaseRow(
                pattern + "/" + transport + "/size=" + size,
                pattern,
                transport,
                size,
                k,
                "ok",
                "",
                latency,
                pattern.equals("stream") ? Optional.of(size * 1e-3) : Optional.empty(),
                costs,
                Optional.empty(),
                Map.of(),
                new java.util.LinkedHashMap<>());
    }

    private static final List<CaseRow> CASES = List.of(
            row("ping-pong", "pipe", 64, Map.of("mode", "blocking"), 50_000),
            row("ping-pong", "pipe", 4096, Map.of("mode", "blocking"), 60_000),
            row("ping-pong", "pipe", 64, Map.of("mode", "nonblocking-spin"), 20_000),
            row("ping-pong", "pipe", 4096, Map.of("mode", "nonblocking-spin"), 25_000),
            row("ping-pong", "shm", 64, Map.of("sync", "spin"), 200),
            row("ping-pong", "shm", 4096, Map.of("sync", "spin"), 900),
            row("stream", "pipe", 64, Map.of(), 1000),
            row("stream", "pipe", 65536, Map.of(), 2000));

    @Test
    void shouldDrawP50AndP99AgainstSizeInAChartPerTransportOnOneScale() {
        List<XYChart> charts = Charts.latencyVsSize(CASES);
        assertThat(charts).hasSize(2);
        XYChart pipes = charts.getFirst();
        assertThat(pipes.getTitle()).isEqualTo("pipe (p50 solid, p99 dashed)");
        assertThat(pipes.getSeriesMap().keySet())
                .containsExactly(
                        "pipe mode=blocking p50",
                        "pipe mode=blocking p99",
                        "pipe mode=nonblocking-spin p50",
                        "pipe mode=nonblocking-spin p99");
        assertThat(charts.get(1).getSeriesMap().keySet()).containsExactly("shm p50", "shm p99");
        assertThat(pipes.getXAxisTitle()).isEqualTo("message size");
        assertThat(pipes.getYAxisTitle()).isEqualTo("round trip (µs)");
        assertThat(pipes.getStyler().isYAxisLogarithmic()).isTrue();
        // 50 µs at 64 B, in µs; sizes as log2(bytes), labelled in binary units at whole numbers.
        assertThat(pipes.getSeriesMap().get("pipe mode=blocking p50").getYData())
                .containsExactly(50.0, 60.0);
        assertThat(pipes.getSeriesMap().get("pipe mode=blocking p50").getXData())
                .containsExactly(6.0, 12.0);
        var tick = pipes.getStyler().getxAxisTickLabelsFormattingFunction();
        assertThat(List.of(tick.apply(6.0), tick.apply(12.0), tick.apply(20.0), tick.apply(12.5)))
                .containsExactly("64 B", "4 KiB", "1 MiB", "");
        // One value axis for the families: shm's 0.2 µs and pipe's 180 µs on both.
        assertThat(pipes.getStyler().getYAxisMin())
                .isEqualTo(charts.get(1).getStyler().getYAxisMin())
                .isLessThan(0.2);
        assertThat(charts.get(1).getStyler().getYAxisMax()).isEqualTo(180.0);
    }

    @Test
    void shouldKeepAVariantMeasuredAtOneSizeAsAPointInItsTransportsColour() {
        List<CaseRow> cases = new java.util.ArrayList<>(CASES);
        cases.add(row("ping-pong", "pipe", 64, Map.of("mode", "nonblocking-poll"), 30_000));
        XYChart pipes = Charts.latencyVsSize(cases).getFirst();
        XYSeries alone = pipes.getSeriesMap().get("pipe mode=nonblocking-poll p50");
        assertThat(alone.getXData()).containsExactly(6.0);
        assertThat(alone.getMarker()).isNotNull().isNotEqualTo(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        // One colour per transport, on every chart; variants by marker; p99 dashed, p50 solid.
        XYSeries blocking = pipes.getSeriesMap().get("pipe mode=blocking p50");
        assertThat(blocking.getLineColor()).isEqualTo(Palette.of("pipe"));
        assertThat(alone.getLineColor()).isEqualTo(Palette.shade(Palette.of("pipe"), 2));
        assertThat(alone.getMarker()).isNotEqualTo(blocking.getMarker());
        assertThat(Charts.throughputVsSize(CASES, Optional.empty())
                        .orElseThrow()
                        .getSeriesMap()
                        .get("pipe")
                        .getLineColor())
                .isEqualTo(Palette.of("pipe"));
        assertThat(blocking.getLineStyle()).isEqualTo(org.knowm.xchart.style.lines.SeriesLines.SOLID);
        assertThat(pipes.getSeriesMap()
                        .get("pipe mode=blocking p99")
                        .getLineStyle()
                        .getDashArray())
                .isNotNull();
        assertThat(transportColours()).doesNotHaveDuplicates();
    }

    @Test
    void shouldDrawEveryRoundTripCaseAtItsSize() {
        List<CaseRow> cases = new java.util.ArrayList<>(CASES);
        cases.add(row("ping-pong", "posix-mq", 64, Map.of("split", "no"), 40_000));
        cases.add(row("ping-pong", "posix-mq", 4096, Map.of("split", "yes"), 45_000));
        cases.add(row("ping-pong", "posix-mq", 65536, Map.of("split", "yes"), 70_000));
        List<XYChart> charts = Charts.latencyVsSize(cases);
        Labels labels = new Labels(
                cases.stream().filter(c -> c.pattern().equals("ping-pong")).toList());
        for (CaseRow c : cases) {
            if (!c.pattern().equals("ping-pong")) {
                continue;
            }
            assertThat(charts).as(c.key()).anySatisfy(chart -> assertThat(
                            chart.getSeriesMap().get(labels.of(c) + " p50"))
                    .isNotNull()
                    .satisfies(series -> assertThat(series.getXData()).contains(ChartKit.sizeX(c.messageBytes()))));
        }
    }

    private static List<java.awt.Color> transportColours() {
        return dev.ipcmark.transport.TransportKind.ids().stream()
                .map(Palette::of)
                .toList();
    }

    @Test
    void shouldDrawThroughputWithMemcpyAsTheCeilingOnlyWhenMeasured() {
        XYChart chart = Charts.throughputVsSize(CASES, Optional.of(50_000.0)).orElseThrow();
        assertThat(chart.getSeriesMap().keySet()).containsExactly("pipe", "memcpy (1 MiB block)");
        assertThat(chart.getYAxisTitle()).isEqualTo("throughput (MB/s)");
        assertThat(chart.getSeriesMap().get("memcpy (1 MiB block)").getYData()).containsOnly(50_000.0);
        assertThat(Charts.throughputVsSize(CASES, Optional.empty())
                        .orElseThrow()
                        .getSeriesMap())
                .containsOnlyKeys("pipe");
        assertThat(Charts.throughputVsSize(CASES.subList(0, 6), Optional.of(1.0)))
                .isEmpty();
    }

    private static Histogram histogram() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 100_000; i++) {
            h.recordValue(i);
        }
        return h;
    }

    @Test
    void shouldPlotPercentilesOnAnInverseTailScaleUpTo9999() {
        XYChart chart = Charts.percentiles("t", Map.of("pipe", histogram()));
        var x = chart.getSeriesMap().get("pipe").getXData();
        assertThat(x[0]).isEqualTo(0.0);
        // log10(1/(1 − 0.9999)) is the last point.
        assertThat(x[x.length - 1]).isLessThanOrEqualTo(4 + 1e-9);
        var tick = chart.getStyler().getxAxisTickLabelsFormattingFunction();
        assertThat(List.of(tick.apply(0.0), tick.apply(1.0), tick.apply(2.0), tick.apply(3.0), tick.apply(4.0)))
                .containsExactly("0 %", "90 %", "99 %", "99.9 %", "99.99 %");
        assertThat(tick.apply(2.5)).isEmpty();
        assertThat(chart.getXAxisTitle()).isEqualTo("percentile");
        assertThat(chart.getYAxisTitle()).isEqualTo("latency (µs)");
    }

    @Test
    void shouldGroupVariantsAndCountersAtTheSmallestSize() {
        CategoryChart variants = Charts.variants(CASES).orElseThrow();
        assertThat(variants.getSeriesMap().keySet()).containsExactly("p50", "p99");
        assertThat(variants.getSeriesMap().get("p50").getXData().stream()
                        .map(Object::toString)
                        .toList())
                .containsExactly("pipe mode=blocking", "pipe mode=nonblocking-spin", "shm");
        CategoryChart counters = CostCharts.counters(CASES).orElseThrow();
        assertThat(counters.getSeriesMap().keySet())
                .containsExactly("voluntary context switches", "involuntary context switches", "minor page faults");
        // Both processes' switches add up.
        assertThat(counters.getSeriesMap().get("voluntary context switches").getYData().stream()
                        .map(Number::doubleValue)
                        .toList())
                .containsOnly(2.0);
        assertThat(counters.getYAxisTitle()).isEqualTo("events per message");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void shouldRenderEveryChartOfARun() throws Exception {
        List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = List.of(
                Charts.latencyVsSize(CASES).getFirst(),
                Charts.throughputVsSize(CASES, Optional.of(50_000.0)).orElseThrow(),
                Charts.variants(CASES).orElseThrow(),
                CostCharts.counters(CASES).orElseThrow(),
                CostCharts.cpu(CASES).orElseThrow(),
                Charts.percentiles("t", Map.of("pipe", histogram())));
        for (var chart : charts) {
            assertThat(org.knowm.xchart.BitmapEncoder.getBitmapBytes(
                            chart, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG))
                    .as(chart.getTitle())
                    .isNotEmpty();
        }
    }

    @Test
    void shouldMarkBreakEvensAndLeaveOutNever() {
        List<Map<String, String>> rows = List.of(
                Map.of(
                        "copy_transport",
                        "pipe",
                        "map_variant",
                        "posix in-place",
                        "message_bytes",
                        "4096",
                        "break_even_transfers",
                        "3"),
                Map.of(
                        "copy_transport",
                        "pipe",
                        "map_variant",
                        "posix in-place",
                        "message_bytes",
                        "64",
                        "break_even_transfers",
                        "never"),
                Map.of(
                        "copy_transport",
                        "pipe",
                        "map_variant",
                        "posix in-place",
                        "message_bytes",
                        "1048576",
                        "break_even_transfers",
                        "1"));
        XYChart chart = CopyVsMapCharts.breakEven(rows).orElseThrow();
        assertThat(chart.getSeriesMap().get("pipe vs posix in-place").getXData())
                .containsExactly(12.0, 20.0);
        assertThat(chart.getSeriesMap().get("pipe vs posix in-place").getYData())
                .containsExactly(3.0, 1.0);
        assertThat(chart.getYAxisTitle()).isEqualTo("break-even (transfers)");
        // 1 to 3 transfers: a logarithmic axis would label only the 1.
        assertThat(chart.getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(CopyVsMapCharts.breakEven(rows.subList(1, 2))).isEmpty();
    }

    private static Map<String, String> copyVsMapRow(
            String copy, String map, long bytes, double copyNs, double mapNs, double setupNs, boolean wins) {
        return Map.of(
                "copy_transport", copy,
                "map_variant", map,
                "message_bytes", Long.toString(bytes),
                "copy_mean_ns", Double.toString(copyNs),
                "map_mean_ns", Double.toString(mapNs),
                "setup_mean_ns", Double.toString(setupNs),
                "map_wins_first_transfer", Boolean.toString(wins));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void shouldDrawAFreshMappingsWholePriceAndLabelWhereItWins() throws Exception {
        List<CaseRow> transfers = List.of(
                row("transfer", "pipe", 4096, Map.of(), 10_000),
                row("transfer", "pipe", 1 << 20, Map.of(), 400_000),
                row("transfer", "pipe", 4 << 20, Map.of(), 1_600_000),
                row("transfer", "shm", 4096, Map.of("placement", "in-place"), 2_000),
                row("transfer", "shm", 1 << 20, Map.of("placement", "in-place"), 20_000),
                row("transfer", "shm", 4 << 20, Map.of("placement", "in-place"), 80_000));
        List<Map<String, String>> rows = List.of(
                copyVsMapRow("pipe", "posix in-place", 4096, 12_000, 2_400, 60_000, false),
                // Wins at 1 MiB, loses at 2 MiB (noise), wins at 4 MiB: the crossover is 4 MiB, not 1 MiB.
                copyVsMapRow("pipe", "posix in-place", 1 << 20, 480_000, 24_000, 300_000, true),
                copyVsMapRow("pipe", "posix in-place", 2 << 20, 700_000, 48_000, 900_000, false),
                copyVsMapRow("pipe", "posix in-place", 4 << 20, 1_920_000, 96_000, 1_000_000, true),
                copyVsMapRow("tcp", "posix in-place", 4096, 30_000, 2_400, 60_000, false));
        // The run's crossover: 4 MiB, where mapping wins at that size and every larger one (CopyVsMapTest).
        List<CopyVsMap.Crossover> crossovers = List.of(new CopyVsMap.Crossover("pipe", "posix in-place", 4 << 20));
        XYChart chart =
                CopyVsMapCharts.transferCost(transfers, rows, crossovers).orElseThrow();
        XYSeries fresh = chart.getSeriesMap().get("posix in-place, set-up + 1 transfer");
        assertThat(fresh.getXData()).containsExactly(12.0, 20.0, 21.0, 22.0);
        assertThat(fresh.getYData()).containsExactly(62.4, 324.0, 948.0, 1096.0);
        assertThat(fresh.getLineStyle()).isEqualTo(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        Map<String, double[]> labels = CopyVsMapCharts.labels(crossovers, rows);
        assertThat(labels).containsOnlyKeys("pipe");
        assertThat(labels.get("pipe")).containsExactly(4194304.0, 1920.0);
        assertThat(org.knowm.xchart.BitmapEncoder.getBitmapBytes(
                        chart, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG))
                .isNotEmpty();
        // The label is not drawn over a point of any line: its box (centred where it is placed) holds none.
        double labelX = chart.getScreenXFromChart(ChartKit.sizeX(4 << 20));
        double labelY = chart.getScreenYFromChart(1920.0 * 2.2);
        double halfWidth = "▼ mapping beats pipe from 4 MiB".length() * 3.5;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (int i = 0; i < series.getXData().length; i++) {
                double x = chart.getScreenXFromChart(series.getXData()[i]);
                double y = chart.getScreenYFromChart(series.getYData()[i]);
                assertThat(Math.abs(x - labelX) > halfWidth || Math.abs(y - labelY) > 10)
                        .as(
                                "%s point %d at (%.0f, %.0f), label at (%.0f, %.0f)",
                                series.getName(), i, x, y, labelX, labelY)
                        .isTrue();
            }
        }
    }

    @Test
    void shouldKeepTheLowestBarVisibleOnASharedLogAxis() {
        CategoryChart before = Charts.variants(CASES).orElseThrow();
        CategoryChart after = Charts.variants(CASES).orElseThrow();
        ChartKit.shareValueAxis(List.of(before, after));
        // shm's p50 (0.2 µs) is the lowest bar: the axis must start below it.
        assertThat(before.getStyler().getYAxisMin()).isLessThan(0.2);
    }

    @Test
    void shouldPutTheSameChartOfSeveralRunsOnOneValueAxis() {
        XYChart before = Charts.latencyVsSize(CASES).getFirst();
        XYChart after = Charts.latencyVsSize(List.of(
                        row("ping-pong", "pipe", 64, Map.of(), 90_000),
                        row("ping-pong", "pipe", 4096, Map.of(), 99_000)))
                .getFirst();
        ChartKit.shareValueAxis(List.of(before, after));
        // The lowest point is the first run's pipe p50 at 64 B (20 µs: the log axis starts at the decade below, 10),
        // the highest the second run's p99 at 4 KiB (297 µs).
        for (XYChart c : List.of(before, after)) {
            assertThat(c.getStyler().getYAxisMin()).isCloseTo(10, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(c.getStyler().getYAxisMax()).isEqualTo(297.0);
        }
    }
}
