package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Seals the format of summary.csv and the shape of run.json with synthetic, repeatable results. */
class GoldenOutputsTest {
    static List<CaseResult> results() {
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

    @Test
    void shouldRenderRunJsonWithEveryCaseAndItsProvenance() throws IOException {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("scenarioFile", "x.yaml");
        provenance.put("scenarioSha256", "ab");
        RunManifest manifest =
                new RunManifest("20260101-000000-x", provenance, Map.of("name", "x"), Map.of("kernel", "Linux"));
        JsonNode json =
                new ObjectMapper().readTree(manifest.render(results(), "finished", "2026-01-01T00:00:10Z", null));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "runId",
                        "state",
                        "scenarioFile",
                        "scenarioSha256",
                        "finishedAt",
                        "scenario",
                        "environment",
                        "counts",
                        "cases");
        assertThat(json.get("counts").toString()).isEqualTo("{\"ok\":2,\"failed\":1,\"skipped\":1}");
        JsonNode ok = json.get("cases").get(0);
        assertThat(ok.get("key").asText()).isEqualTo("ping-pong/shm/sync=spin/size=64");
        assertThat(ok.get("latencyNs").get("p50").asLong()).isEqualTo(6003);
        assertThat(ok.get("files").get("hlog").asText()).isEqualTo("histograms/ping-pong_shm_sync-spin_size-64.hlog");
        // 2 ms of user time and 1000 voluntary switches over 1000 round trips.
        assertThat(ok.get("costsPerOperation").get("self").get("userNs").asDouble())
                .isEqualTo(2000.0);
        assertThat(ok.get("costsPerOperation")
                        .get("peer")
                        .get("voluntarySwitches")
                        .asDouble())
                .isEqualTo(0.999);
        JsonNode stream = json.get("cases").get(1);
        assertThat(stream.get("throughput").get("messagesPerSecond").asDouble()).isEqualTo(240_000.0);
        assertThat(stream.get("opsPerSecond").asLong()).isEqualTo(250_000);
        assertThat(json.get("cases").get(2).get("reason").asText()).startsWith("peer 42 was killed by signal 9");
        assertThat(json.get("cases").get(3).get("status").asText()).isEqualTo("skipped");
    }

    private static String golden(String resource) throws IOException {
        try (InputStream in = GoldenOutputsTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
