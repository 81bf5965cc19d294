package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.gate.RunFixtures;
import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Seals summary.csv and run.json with synthetic, repeatable results and provenance (JMH's {@code ResultFormatTest} is
 * the model). {@code -Dipcmark.writeGolden=DIR} writes the files afresh into DIR instead, after a deliberate change of
 * format.
 */
public class GoldenOutputsTest {
    public static List<CaseResult> results() {
        Histogram h = new Histogram(3);
        for (long v = 1; v <= 10_000; v++) {
            h.recordValue(1000 + v); // a predictable spread: 1001 … 11000 ns
        }
        TreeMap<String, String> knobs = new TreeMap<>(Map.of("sync", "spin"));
        return List.of(
                CaseResult.ok(
                                new CaseSpec(Pattern.PING_PONG, "shm", 64, knobs),
                                LatencyStats.of(h),
                                new CaseResult.JmhScore(6000.5, 12.25, "ns/op"),
                                3.04)
                        .withThroughput(new CaseResult.Throughput(1e9 / h.getMean(), 128e9 / h.getMean()))
                        .withSamples(RunFixtures.samples(
                                List.of(List.of(5990.0, 6010.0), List.of(6003.0, 6001.0)),
                                List.of(List.of(10900.0, 10910.0), List.of(10903.0, 10899.0)),
                                List.of(),
                                List.of()))
                        .withForks(2)
                        .withCosts(new Costs(
                                1000,
                                new ThreadUsage(2_000_000, 3_000_000, 1000, 2, 5, 0),
                                new ThreadUsage(1_000_000, 4_000_000, 999, 1, 0, 0))),
                CaseResult.ok(
                                new CaseSpec(Pattern.STREAM, "pipe", 4096, new TreeMap<>(Map.of("batch", "16"))),
                                LatencyStats.of(h),
                                new CaseResult.JmhScore(250_000, 1000, "ops/s"),
                                2.5)
                        .withThroughput(new CaseResult.Throughput(240_000, 240_000 * 4096.0)),
                CaseResult.failed(
                        CaseSpec.of(Pattern.PING_PONG, "unix-stream", 4096),
                        "peer 42 was killed by signal 9 (SIGKILL); its stderr ends with:\nboom, \"quoted\"",
                        1.5),
                CaseResult.skipped(CaseSpec.of(Pattern.PING_PONG, "shm", 1L << 30), "/dev/shm has only 1.0 GiB free"));
    }

    @Test
    void shouldRenderSummaryCsvExactlyAsTheGoldenFile() throws IOException {
        assertThat(SummaryCsv.render(results())).isEqualTo(golden("golden/summary.csv"));
    }

    /** run.json of {@link #results()} with fixed provenance and probes: nothing in it varies from run to run. */
    static String runJson() {
        RunManifest manifest = new RunManifest(
                "20260101-000000-x",
                new Provenance(
                        "2026-01-01T00:00:00Z",
                        4242,
                        "ipcmark run x.yaml",
                        "x.yaml",
                        "ab",
                        ordered("ipcmark", "0.1.0"),
                        ordered("commit", "0123abc", "branch", "main", "dirty", false)),
                ordered("name", "x"),
                ordered("kernel", "Linux 6.1.0", "cpus", 2),
                dev.ipcmark.scenario.ForkOrder.RMIT,
                7);
        Calibration probes = new Calibration(
                List.of(new Calibration.Probe("null-syscall", "one getppid(2) call", List.of(101.5, 99.0))));
        return manifest.record(results(), "finished", "2026-01-01T00:00:10Z", null, probes)
                .toJson();
    }

    /** A map in the order given: Map.of's order changes from JVM to JVM, which a golden file cannot. */
    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return map;
    }

    @Test
    void shouldRenderRunJsonExactlyAsTheGoldenFile() throws IOException {
        assertThat(runJson()).isEqualTo(golden("golden/run.json"));
    }

    @Test
    void shouldReadBackWhatItWrote() throws IOException {
        RunRecord read = RunRecord.parse(runJson());
        assertThat(read.toJson()).isEqualTo(runJson());
        assertThat(read.formatVersion()).isEqualTo(RunRecord.FORMAT_VERSION);
        RunRecord.CaseRecord ok = read.cases().getFirst();
        assertThat(ok.opsPerSecond() * ok.latencyNs().mean())
                .isCloseTo(1e9, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(read.cases().get(2).reason()).startsWith("peer 42 was killed by signal 9");
    }

    private static String golden(String resource) throws IOException {
        String rewrite = System.getProperty("ipcmark.writeGolden");
        if (rewrite != null) {
            String text = resource.endsWith(".json") ? runJson() : SummaryCsv.render(results());
            java.nio.file.Files.writeString(java.nio.file.Path.of(rewrite, resource), text);
            return text;
        }
        try (InputStream in = GoldenOutputsTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
