package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The gate fails closed: each real run of the committed baseline (ci.yaml) against the same run with every
 * recorded latency three times as long and every rate a third is "regressed" on every gated metric whose noise lets a
 * tripling be seen, and "too noisy" with a detectable change above 200 % on the others: never "inconclusive",
 * "unchanged" or "improved".
 */
class GateFailsClosedTest {
    private static final Path REAL_RUNS = Path.of("..", "baselines", "vm-2core-epyc", "runs");

    @TempDir
    Path dir;

    @Test
    void shouldCallEveryGatedMetricOfARealRunTimesThreeRegressed() throws Exception {
        List<Path> real;
        try (Stream<Path> runs = Files.list(REAL_RUNS)) {
            real = runs.sorted().toList();
        }
        int comparisons = 0;
        int regressed = 0;
        for (Path run : real) {
            int[] judged = judgeTripled(run, dir.resolve(run.getFileName().toString()));
            comparisons += judged[0];
            regressed += judged[1];
        }
        // Over all the committed runs: within one run's four forks a p99 can spread past ×3 as well (the first run of
        // the 2026-12-02 12:11 baseline had 17 of 27 regressed, its pipe, futex and pipe-stream p99s too noisy beside
        // the spinning cases; the others 20 to 24).
        assertThat(regressed).isGreaterThanOrEqualTo(comparisons * 3 / 4);
    }

    /**
     * Compares {@code real} with itself tripled (written under {@code scratch}), checks that nothing is judged but
     * "regressed" or "too noisy" past 200 %, and returns the comparisons and how many were "regressed".
     */
    private static int[] judgeTripled(Path real, Path scratch) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode run = (ObjectNode) mapper.readTree(real.resolve("run.json").toFile());
        run.put("runId", "20261130-000000-slower");
        for (JsonNode c : run.path("cases")) {
            scale(c.path("samples"), List.of("p50Ns", "p99Ns", "meanNs"), 3);
            scale(c.path("samples"), List.of("messagesPerSecond"), 1 / 3.0);
        }
        Path slower = Files.createDirectories(scratch.resolve("20261130-000000-slower"));
        mapper.writeValue(slower.resolve("run.json").toFile(), run);
        for (String file : List.of("summary.csv", "scenario.yaml")) {
            Files.copy(real.resolve(file), slower.resolve(file));
        }

        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int status = cli.execute("compare", real.toString(), slower.toString());

        assertThat(status).as(out.toString()).isEqualTo(1);
        Matcher m = Pattern.compile("(\\d+) regressed.*\\((\\d+) comparisons of (\\d+) cases\\)")
                .matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(run.path("cases").size());
        int comparisons = Integer.parseInt(m.group(2));
        int regressed = Integer.parseInt(m.group(1));
        // What is not called regressed is a metric whose runs spread so far that the gate says it could not see a
        // tripling (the bimodal shm spin cases of this VM: issue 19), with the change it could see; nothing is
        // inconclusive, unchanged or improved.
        // "detects ≥ 250.0%", or past ten-fold "detects only a change of ×12 or more" (lines wrap anywhere).
        Matcher tooNoisy = Pattern.compile(
                        "too-noisy\\s+\\S+\\s+\\S+:\\s+too\\s+noisy\\s+to\\s+gate\\s+here\\s+\\(detects\\s+"
                                + "(?:≥\\s+([0-9.]+)%|only\\s+a\\s+change\\s+of\\s+×([0-9]+))")
                .matcher(out.toString());
        int noisy = 0;
        while (tooNoisy.find()) {
            noisy++;
            double percent = tooNoisy.group(1) != null
                    ? Double.parseDouble(tooNoisy.group(1))
                    : (Double.parseDouble(tooNoisy.group(2)) - 1) * 100;
            assertThat(percent).as(tooNoisy.group()).isGreaterThan(200);
        }
        assertThat(regressed + noisy).as(out.toString()).isEqualTo(comparisons);
        return new int[] {comparisons, regressed};
    }

    /** Multiplies every value of the named per-fork, per-iteration lists by {@code factor}. */
    private static void scale(JsonNode samples, List<String> names, double factor) {
        for (String name : names) {
            for (JsonNode fork : samples.path(name)) {
                ArrayNode values = (ArrayNode) fork;
                for (int i = 0; i < values.size(); i++) {
                    values.set(i, DoubleNode.valueOf(values.get(i).asDouble() * factor));
                }
            }
        }
    }
}
