package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.peer.StartupCompilation;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.LeftoverCheck;
import dev.ipcmark.transport.TestResources;
import java.io.FileReader;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@code ipcmark run scenarios/smoke.yaml} as a user runs it, and the files it leaves. */
@Timeout(300)
@ResourceLock(TestResources.IPCMARK_RUNS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class EndToEndIT {
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    private static final List<String> SMOKE_CASES = List.of(
            "ping-pong/unix-stream/mode=blocking/rcvbuf=default/sndbuf=default/size=64",
            "ping-pong/unix-stream/mode=blocking/rcvbuf=default/sndbuf=default/size=4KiB",
            "ping-pong/unix-stream/mode=nonblocking-poll/rcvbuf=default/sndbuf=default/size=64",
            "ping-pong/unix-stream/mode=nonblocking-poll/rcvbuf=default/sndbuf=default/size=4KiB",
            "ping-pong/shm/capacity=1/segment=posix/sync=spin/size=64",
            "ping-pong/shm/capacity=1/segment=posix/sync=spin/size=4KiB");

    @TempDir
    Path scratch;

    /**
     * A block's own forks: interleaved, round r runs fork r of every case that has that many, so the case with three
     * forks runs alone in round 3 and each case's results hold its own forks.
     */
    @Test
    void shouldGiveEachCaseItsBlocksForks() throws Exception {
        Path scenario = scratch.resolve("forks.yaml");
        java.nio.file.Files.writeString(scenario, """
                name: forks
                jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 2, time: 100ms } }
                cases:
                  - { pattern: ping-pong, transports: [pipe], messageSizes: [64] }
                  - { pattern: ping-pong, transports: [unix-stream], messageSizes: [64], forks: 3 }
                """);
        Path results = scratch.resolve("results");
        Ipcmark.Outcome outcome = Ipcmark.run(
                scratch,
                Map.of(ExtraJvmOptions.ENVIRONMENT, C1_ONLY),
                "run",
                scenario.toString(),
                "--results-dir",
                results.toString());
        assertThat(outcome.status()).as(outcome.out()).isZero();
        assertThat(outcome.out()).contains("2 cases, 1 to 3 fork(s) each", "[round 3/3, 4/4] ping-pong/unix-stream/");
        JsonNode cases = new ObjectMapper()
                .readTree(Ipcmark.onlyRun(results).resolve("run.json").toFile())
                .get("cases");
        assertThat(cases)
                .extracting(
                        c -> c.get("transport").asText() + " " + c.get("forks").asInt() + " "
                                + c.get("samples").get("p50Ns").size())
                .containsExactly("pipe 1 1", "unix-stream 3 3");
    }

    @Test
    void shouldRunTheSmokeScenarioAndWriteEveryFile() throws Exception {
        var before = LeftoverCheck.abandoned();
        Path results = scratch.resolve("results");
        // As the build runs every test, with JVMs that stop at the C1 compiler: said and recorded.
        Ipcmark.Outcome outcome = Ipcmark.run(
                scratch,
                Map.of(ExtraJvmOptions.ENVIRONMENT, C1_ONLY),
                "run",
                "scenarios/smoke.yaml",
                "--verify",
                "--results-dir",
                results.toString());
        assertThat(outcome.status()).as(outcome.out()).isZero();
        assertThat(outcome.out()).contains("every JVM of this run runs with " + C1_ONLY + " (IPCMARK_JVM_OPTIONS)");
        assertThat(outcome.out()).contains("[1/6] " + SMOKE_CASES.getFirst(), "[6/6] " + SMOKE_CASES.getLast());
        assertThat(outcome.out()).doesNotContain("# JMH version").doesNotContain("# Warmup Iteration");
        Path run = Ipcmark.onlyRun(results);

        JsonNode manifest = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(manifest.get("state").asText()).isEqualTo("finished");
        assertThat(manifest.get("scenario").get("name").asText()).isEqualTo("smoke");
        assertThat(manifest.get("environment").get("kernel").asText()).startsWith("Linux");
        assertThat(manifest.get("environment").get("extraJvmOptions").asText()).isEqualTo(C1_ONLY);
        assertThat(manifest.get("scenarioSha256").asText()).hasSize(64);
        assertThat(manifest.get("cases").findValuesAsText("status")).containsOnly("ok");

        List<CSVRecord> rows;
        try (Reader in = new FileReader(run.resolve("summary.csv").toFile())) {
            rows = CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)
                    .getRecords();
        }
        assertThat(rows).extracting(r -> r.get("case")).containsExactlyElementsOf(SMOKE_CASES);
        for (CSVRecord row : rows) {
            long p50 = Long.parseLong(row.get("p50_ns"));
            long p99 = Long.parseLong(row.get("p99_ns"));
            long max = Long.parseLong(row.get("max_ns"));
            assertThat(p50).as(row.get("case")).isPositive().isLessThanOrEqualTo(p99);
            assertThat(p99).as(row.get("case")).isLessThanOrEqualTo(max);
            assertThat(Long.parseLong(row.get("samples"))).isPositive();
            assertThat(Double.parseDouble(row.get("jmh_score"))).isPositive();
            assertThat(row.get("jmh_unit")).isEqualTo("ns/op");
            // One definition per figure: a closed loop's operations per second is 1e9 / its mean round trip.
            assertThat(Double.parseDouble(row.get("ops_per_s")) * Double.parseDouble(row.get("mean_ns")))
                    .as(row.get("case"))
                    .isCloseTo(1e9, org.assertj.core.data.Percentage.withPercentage(5));

            String file = row.get("case").replace('/', '_').replace('=', '-');
            JsonNode jmh = new ObjectMapper()
                    .readTree(run.resolve("jmh").resolve(file + ".json").toFile())
                    .get(0);
            // ipcmark's figure for JMH's visualizers: each measurement iteration's rate, and JMH's score, their
            // mean. The run's own figure weighs iterations by their operations, so it lies within their range (10 %
            // either side for the histogram's mean, which the closed loop's figure comes from), not at their mean.
            JsonNode opsPerSecond = jmh.get("secondaryMetrics").get("ipcmark.opsPerSecond");
            List<Double> rates = new java.util.ArrayList<>();
            opsPerSecond.get("rawData").forEach(fork -> fork.forEach(v -> rates.add(v.asDouble())));
            assertThat(rates).as(row.get("case")).isNotEmpty().allSatisfy(r -> assertThat(r)
                    .isPositive());
            assertThat(opsPerSecond.get("score").asDouble())
                    .as("JMH's score of ipcmark's figure")
                    .isCloseTo(
                            rates.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .average()
                                    .orElseThrow(),
                            org.assertj.core.data.Percentage.withPercentage(0.01));
            assertThat(Double.parseDouble(row.get("ops_per_s")))
                    .as(row.get("case") + ": the run's figure among the iterations' " + rates)
                    .isBetween(
                            0.9
                                    * rates.stream()
                                            .mapToDouble(Double::doubleValue)
                                            .min()
                                            .orElseThrow(),
                            1.1
                                    * rates.stream()
                                            .mapToDouble(Double::doubleValue)
                                            .max()
                                            .orElseThrow());
            assertThat(run.resolve("logs").resolve(file + ".log"))
                    .content()
                    .contains("# JMH version")
                    .containsPattern("# VM options: .* " + C1_ONLY)
                    .contains(StartupCompilation.OPTIONS.getLast());
            HistogramLogReader reader = new HistogramLogReader(
                    run.resolve("histograms").resolve(file + ".hlog").toFile());
            long count = 0;
            int intervals = 0;
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; intervals++) {
                count += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
            assertThat(intervals).as("one interval per measurement iteration").isEqualTo(2);
            assertThat(count).isEqualTo(Long.parseLong(row.get("samples")));
        }
        assertThat(run.resolve("scenario.yaml")).content().contains("name: \"smoke\"");
        assertThat(run.resolve(".work")).doesNotExist();

        // The run is in the default store beside it, and comes back out as history; importing it again is a no-op.
        assertThat(outcome.out()).contains("Store: " + results.resolve("ipcmark.sqlite") + " (added)");
        Ipcmark.Outcome history =
                Ipcmark.run(scratch, "history", SMOKE_CASES.getFirst(), "--csv", "--results-dir", results.toString());
        assertThat(history.status()).as(history.out()).isZero();
        assertThat(history.out())
                .contains(SMOKE_CASES.getFirst() + ",")
                .contains(run.getFileName() + ",")
                .contains("," + rows.getFirst().get("p50_ns") + ".0,");
        Ipcmark.Outcome again =
                Ipcmark.run(scratch, "store", "import", run.toString(), "--results-dir", results.toString());
        assertThat(again.status()).as(again.out()).isZero();
        assertThat(again.out()).contains("0 added, 1 already there");
        var after = LeftoverCheck.abandoned();
        assertThat(after).isEqualTo(before);
    }
}
