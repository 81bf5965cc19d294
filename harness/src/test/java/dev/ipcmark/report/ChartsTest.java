package dev.ipcmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

class ChartsTest {
    private static CaseRow row(String pattern, String transport, long size, Map<String, String> knobs, double p50) {
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
                Optional.empty());
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
    void shouldDrawP50AndP99AgainstSizeWithALinePerVariantOnLogAxes() {
        XYChart chart = Charts.latencyVsSize(CASES).orElseThrow();
        assertThat(chart.getSeriesMap().keySet())
                .containsExactly(
                        "pipe mode=blocking p50",
                        "pipe mode=blocking p99",
                        "pipe mode=nonblocking-spin p50",
                        "pipe mode=nonblocking-spin p99",
                        "shm p50",
                        "shm p99");
        assertThat(chart.getXAxisTitle()).isEqualTo("message size (bytes)");
        assertThat(chart.getYAxisTitle()).isEqualTo("round trip (µs)");
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
        // 50 µs at 64 B, in µs.
        assertThat(chart.getSeriesMap().get("pipe mode=blocking p50").getYData())
                .containsExactly(50.0, 60.0);
        // A tick label formatter would make XChart draw the axis linear: sizes keep plain logarithmic ticks.
        assertThat(chart.getStyler().getxAxisTickLabelsFormattingFunction()).isNull();
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
        assertThat(x[0]).isEqualTo(1.0);
        // 1/(1 − 0.9999) is the last point.
        assertThat(x[x.length - 1]).isLessThanOrEqualTo(10_000.0 + 1e-6);
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getStyler().getxAxisTickLabelsFormattingFunction()).isNull();
        assertThat(chart.getXAxisTitle()).startsWith("percentile").contains("1000 = 99.9 %", "10000 = 99.99 %");
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
        CategoryChart counters = Charts.counters(CASES).orElseThrow();
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
                Charts.latencyVsSize(CASES).orElseThrow(),
                Charts.throughputVsSize(CASES, Optional.of(50_000.0)).orElseThrow(),
                Charts.variants(CASES).orElseThrow(),
                Charts.counters(CASES).orElseThrow(),
                Charts.cpu(CASES).orElseThrow(),
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
        XYChart chart = Charts.breakEven(rows).orElseThrow();
        assertThat(chart.getSeriesMap().get("pipe vs posix in-place").getXData())
                .containsExactly(4096.0, 1048576.0);
        assertThat(chart.getSeriesMap().get("pipe vs posix in-place").getYData())
                .containsExactly(3.0, 1.0);
        assertThat(chart.getYAxisTitle()).isEqualTo("break-even (transfers)");
        assertThat(Charts.breakEven(rows.subList(1, 2))).isEmpty();
    }
}
