package dev.ipcmark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.scenario.CaseMatrix;
import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.transport.TransportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldEscapeEverythingTakenFromTheRun() throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/r1"));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "r1", "state": "finished",
                 "environment": {"hostname": "<b>host</b>", "cpuModel": "x' onload='alert(1)"},
                 "cases": [{"key": "ping-pong/shm/size=64", "pattern": "ping-pong", "transport": "shm",
                            "messageBytes": 64, "knobs": {}, "status": "skipped",
                            "reason": "<script>alert(1)</script> & more"}]}
                """);
        Files.writeString(run.resolve("scenario.yaml"), "name: \"<script>alert(1)</script>\"\n");
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r1")).render();
        // The one script is the report's own, and nothing from the run reaches a tag.
        assertThat(html.split("<script", -1)).hasSize(2);
        assertThat(html).contains("<script>" + TableScript.SOURCE + "</script>").doesNotContain("<b>host");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
        assertThat(html).contains("&lt;b&gt;host&lt;/b&gt;");
        assertThat(html).contains("x&#39; onload=&#39;alert(1)");
        assertThat(html).contains("<a href=\"../../results/r1/run.json\">run.json</a>");
        assertThat(Html.escape("a\"b")).isEqualTo("a&quot;b");
    }

    @Test
    void shouldSayWhatEachCaseCostBeyondItsMeasurement() throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/r2"));
        // Each fork measures 2 x 300 ms + 3 x 500 ms = 2.1 s, a fork of the second block's case 4 x 300 ms + 3 x 500 ms
        // = 2.7 s: the cases took 0.9, 1.1 and (two forks of the second block) 0.8 s per fork more.
        String scenario = """
                {"name": "t", "jmh": {"forks": 1, "warmup": {"iterations": 2, "time": "300ms"},
                                      "measurement": {"iterations": 3, "time": "500ms"}},
                 "cases": [{"pattern": "ping-pong", "transports": ["pipe"], "messageSizes": ["64"]},
                           {"pattern": "ping-pong", "transports": ["pipe"], "messageSizes": ["4KiB"],
                            "warmup": {"iterations": 4, "time": "300ms"}}]}""";
        List<String> keys = CaseMatrix.expand(
                        new ScenarioLoader(TransportKind.catalog()).parse(scenario, "t.json"),
                        TransportKind.catalog(),
                        c -> Optional.empty())
                .stream()
                .map(c -> c.spec().key())
                .toList();
        Files.writeString(run.resolve("run.json"), """
                {"runId": "r2", "state": "finished", "scenario": %s,
                 "cases": [%s, %s, %s,
                           {"key": "k4", "pattern": "ping-pong", "transport": "pipe", "messageBytes": 64,
                            "knobs": {}, "status": "skipped", "reason": "not here", "seconds": 0}]}
                """.formatted(
                        scenario, okCase(keys.get(0), 3.0, 1), okCase("k2", 3.2, 1), okCase(keys.get(1), 7.0, 2)));
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r2")).render();
        assertThat(html)
                .contains("Per fork beyond warm-up and measurement (JVM starts of the fork and its peer, hand-shake,"
                        + " results): median 0.90 s, 0.80 to 1.10 s over 3 cases.");
    }

    @Test
    void shouldWarnOfCasesThatWereStillWarmingUp() throws Exception {
        Path run = sampledRun(
                "r3",
                sampledCase(
                        "ping-pong/shm/sync=futex/size=64",
                        "[4500, 2900, 2350, 2250, 2240], [4400, 2500, 2250, 2200, 2140]"),
                sampledCase("ping-pong/pipe/size=64", STEADY_PIPE));
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r3")).render();
        assertThat(html)
                .contains("<div class=\"warning\"><p>Not at steady state when measured (1 case;")
                .contains("<li>ping-pong/shm/sync=futex/size=64: the first measured iteration took 2.00×")
                .doesNotContain("<li>ping-pong/pipe/size=64");
    }

    @Test
    void shouldWarnOfCasesWhoseForksSettledApart() throws Exception {
        Path run = sampledRun(
                "r4",
                sampledCase(
                        "ping-pong/shm/sync=spin/size=64",
                        "[452, 438, 437, 440, 441], [523, 524, 522, 520, 524], [465, 465, 466, 467, 465],"
                                + " [521, 510, 510, 514, 517]"),
                sampledCase("ping-pong/pipe/size=64", STEADY_PIPE));
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r4")).render();
        assertThat(html)
                .contains("<div class=\"warning\"><p>Forks at different levels (1 case;")
                .contains("<li>ping-pong/shm/sync=spin/size=64: each fork settled at its own level, 440 ns to 523 ns")
                .doesNotContain("<li>ping-pong/pipe/size=64")
                .doesNotContain("Not at steady state");
    }

    @Test
    void shouldSayWhenTheMachineItselfRanAtLevelsFarApart() throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/r5"));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "r5", "state": "finished", "cases": [],
                 "calibration": {"probes": [
                   {"id": "null-syscall", "what": "a call", "nanosPerOp": [90, 91, 89, 92]},
                   {"id": "cache-line", "what": "a line", "nanosPerOp": [318.9, 65.8, 62.9, 68.9, 333.3, 72.0]}]}}
                """);
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r5")).render();
        assertThat(html)
                .contains("<div class=\"warning\"><p>The machine ran at levels far apart during this run")
                .contains("<li>cache-line: 62.9 ns to 72.0 ns in 4 rounds, 318.9 ns to 333.3 ns in 2</li>")
                .doesNotContain("<li>null-syscall");
    }

    // A pipe case's p50s (ns) by fork and iteration, steady and at one level: nothing to say about it.
    private static final String STEADY_PIPE = "[2500, 2450, 2480, 2440, 2460], [2470, 2500, 2450, 2460, 2440]";

    // A run directory whose run.json holds these cases (from sampledCase).
    private Path sampledRun(String id, String... cases) throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/" + id));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "%s", "state": "finished", "cases": [%s]}
                """.formatted(id, String.join(", ", cases)));
        return run;
    }

    // An ok ping-pong case with these p50 samples: a JSON list per fork, comma-separated.
    private static String sampledCase(String key, String p50ByFork) {
        int forks = p50ByFork.split("]", -1).length - 1;
        return """
                {"key": "%s", "pattern": "ping-pong", "transport": "%s", "messageBytes": 64, "knobs": {},
                 "status": "ok", "seconds": 3, "forks": %d,
                 "latencyNs": {"samples": 10, "p50": 1, "p90": 1, "p99": 1, "p999": 1, "p9999": 1, "max": 1,
                               "mean": 1.0},
                 "samples": {"p50Ns": [%s]}}""".formatted(key, key.split("/")[1], forks, p50ByFork);
    }

    private static String okCase(String key, double seconds, int forks) {
        return """
                {"key": "%s", "pattern": "ping-pong", "transport": "pipe", "messageBytes": 64, "knobs": {},
                 "status": "ok", "seconds": %s, "forks": %d,
                 "latencyNs": {"samples": 10, "p50": 1, "p90": 1, "p99": 1, "p999": 1, "p9999": 1, "max": 1,
                               "mean": 1.0}}""".formatted(key, seconds, forks);
    }

    @Test
    void shouldShowEveryChartOfSeveralRunsSideBySide() throws Exception {
        Path a = run("a", 45_000);
        Path b = run("b", 60_000);
        String html = new HtmlReport(List.of(RunData.read(a), RunData.read(b)), dir.resolve("reports/b-vs-a")).render();
        int rows = html.split("<div class=\"runs\">", -1).length - 1;
        assertThat(rows).isGreaterThanOrEqualTo(2);
        assertThat(html).contains("<figcaption>a: pipe (p50 solid").contains("<figcaption>b: pipe (p50 solid");
        assertThat(html.indexOf("<figcaption>a: ")).isLessThan(html.indexOf("<figcaption>b: "));
        assertThat(html).contains("<h2>Comparison: b against a</h2>");
        assertThat(html).contains("<td class=\"n\">1.33</td>");
    }

    @Test
    void shouldShowTheGatesVerdictRegressionsFirst() throws Exception {
        Path a = run("a", 45_000);
        Path b = run("b", 60_000);
        Files.writeString(b.resolve(RunData.GATE_FILE), """
                {"baseline": {"dir": "/results/a", "runs": ["a"]}, "regressions": 1, "alpha": 0.01,
                 "summary": "1 regressed, 1 inconclusive (2 comparisons of 1 cases)",
                 "warnings": ["the current run has an injected peer delay of <b>20us</b>"],
                 "results": [
                   {"case": "ping-pong/pipe/size=4KiB", "metric": "p99", "verdict": "inconclusive",
                    "ratio": 1.2, "ratioLow": 0.8, "ratioHigh": 1.9, "note": "too noisy"},
                   {"case": "ping-pong/pipe/size=64", "metric": "p50", "verdict": "regressed",
                    "ratio": 1.333, "ratioLow": 1.2, "ratioHigh": 1.45, "note": "significant & beyond ±10%"}]}
                """);
        String html = new HtmlReport(List.of(RunData.read(a), RunData.read(b)), dir.resolve("reports/b-vs-a")).render();
        assertThat(html).contains("<h2>Gate: 1 regression against a</h2>");
        assertThat(html).doesNotContain("Not compared with a baseline");
        assertThat(html)
                .contains("<td><strong>regressed</strong></td><td>ping-pong/pipe/size=64</td><td>p50</td>"
                        + "<td class=\"n\">+33.3%</td><td class=\"n\">[+20.0%, +45.0%]</td>"
                        + "<td>significant &amp; beyond ±10%</td>");
        assertThat(html.indexOf(">regressed<"))
                .isLessThan(html.indexOf("<details><summary>1 unchanged, too noisy to gate or inconclusive"));
        assertThat(html).contains("&lt;b&gt;20us&lt;/b&gt;").doesNotContain("<b>20us");
    }

    @Test
    void shouldPutTheGatesJudgementOverEveryBaselineRunBesideTheRunOverRunRatios() throws Exception {
        Path a = run("a", 45_000);
        Path b = run("b", 60_000);
        // The report of `run --baseline` compares with the baseline's newest run; the gate judged over all three.
        Files.writeString(b.resolve(RunData.GATE_FILE), """
                {"baseline": {"dir": "/baselines/vm", "runs": ["z", "y", "a"]}, "regressions": 0, "alpha": 0.01,
                 "summary": "1 unchanged, 1 too noisy (2 comparisons of 2 cases)",
                 "results": [
                   {"case": "ping-pong/pipe/size=64", "metric": "p50", "verdict": "unchanged",
                    "ratio": 1.02, "ratioLow": 0.97, "ratioHigh": 1.06, "note": ""},
                   {"case": "ping-pong/pipe/size=64", "metric": "p99", "verdict": "too-noisy"},
                   {"case": "ping-pong/pipe/size=4KiB", "verdict": "failed", "note": "the case failed"}]}
                """);
        String html = new HtmlReport(List.of(RunData.read(a), RunData.read(b)), dir.resolve("reports/b-vs-a")).render();
        String comparison = html.substring(html.indexOf("<h2>Comparison: b against a</h2>"));
        comparison = comparison.substring(0, comparison.indexOf("</table>"));
        assertThat(comparison)
                .contains("a is one of the 3 runs of baseline vm")
                .contains("<th>gate, over all 3 runs</th>")
                // The run-over-run ratio says +33 %; beside it, what the gate made of it over every run.
                .contains("<td class=\"n\">1.33</td>")
                .contains("p50 unchanged +2.0% [-3.0%, +6.0%]<br>p99 too-noisy</td>")
                .contains("<td>failed</td>");
    }

    @Test
    void shouldLeaveTheComparisonOfTwoRunsWithoutAGateColumn() throws Exception {
        Path a = run("a", 45_000);
        Path b = run("b", 60_000);
        String html = new HtmlReport(List.of(RunData.read(a), RunData.read(b)), dir.resolve("reports/b-vs-a")).render();
        assertThat(html).contains("<h2>Comparison: b against a</h2>").doesNotContain("<th>gate");
    }

    private Path run(String id, double p50) throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/" + id));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "%s", "state": "finished", "environment": {},
                 "cases": [{"key": "ping-pong/pipe/size=64", "pattern": "ping-pong", "transport": "pipe",
                            "messageBytes": 64, "knobs": {}, "status": "ok",
                            "latencyNs": {"p50": %s, "p99": %s, "mean": %s, "samples": 100}},
                           {"key": "ping-pong/pipe/size=4KiB", "pattern": "ping-pong", "transport": "pipe",
                            "messageBytes": 4096, "knobs": {}, "status": "ok",
                            "latencyNs": {"p50": %s, "p99": %s, "mean": %s, "samples": 100}}]}
                """.formatted(id, p50, 2 * p50, p50, p50 * 1.1, 2 * p50, p50));
        return run;
    }

    @Test
    void shouldOpenWithWhereTheRunWasMadeAndWhoWonAtEachSize() throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/r2"));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "r2", "state": "finished", "command": "ipcmark run scenarios/quick.yaml",
                 "scenarioFile": "/w/scenarios/quick.yaml", "scenarioSha256": "fa7a0f7d028d",
                 "startedAt": "2026-11-29T23:37:04Z", "finishedAt": "2026-11-29T23:40:28Z",
                 "versions": {"ipcmark": "0.1.0", "jmh": "1.37", "java": "25.0.3"},
                 "git": {"commit": "8782f07050d6985bf2936dcf9c2718e667cb3c7c", "branch": "main", "dirty": false},
                 "environment": {"hostname": "box", "arch": "amd64", "cpus": 2, "cpuModel": "EPYC",
                                 "memTotal": "25165824 kB"},
                 "cases": [%s, %s, %s, %s, %s,
                   {"key": "ping-pong/posix-mq/size=64", "pattern": "ping-pong", "transport": "posix-mq",
                    "messageBytes": 64, "knobs": {}, "status": "skipped", "reason": "no mqueue"}]}
                """.formatted(
                        row("shm", 64, 200, 201, 199, 202),
                        row("pipe", 64, 5_000, 5_100, 4_900, 5_050),
                        row("tcp", 64, 9_000, 9_200, 8_800, 9_100),
                        row("shm", 4096, 1_000, 3_000, 900, 2_500),
                        row("pipe", 4096, 1_100, 2_800, 950, 2_600)));
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r2")).render();
        assertThat(html)
                .contains("8782f07050d6")
                .contains("main")
                .contains("ipcmark run scenarios/quick.yaml")
                .contains("fa7a0f7d028d")
                .contains("2026-11-29T23:37:04Z")
                .contains("JMH 1.37")
                .contains("amd64-2cpu-epyc");
        int summary = html.indexOf("<h2 id=\"summary\">");
        assertThat(summary).isPositive().isLessThan(html.indexOf("<h2>Charts</h2>"));
        String table = html.substring(summary, html.indexOf("</table>", summary));
        assertThat(table)
                .contains("<td>ping-pong</td><td class=\"n\" data-v=\"64\">64 B</td><td class=\"n\">3</td>"
                        + "<td title=\"ping-pong/shm/size=64\">shm</td>")
                .contains("<td title=\"ping-pong/tcp/size=64\">tcp</td>");
        assertThat(table).containsPattern("shm[^\\n]*faster than pipe in (9[7-9]|100)(\\.[0-9])? % of resamples");
        assertThat(table).contains("cannot tell shm from pipe on this run");
        assertThat(html).contains("1 skipped").contains("href=\"#problems\"");
        assertThat(html).contains("Not compared with a baseline");
    }

    @Test
    void shouldPutTheCopyVsMapVerdictInOneLineAndATable() throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/r3"));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "r3", "state": "finished", "environment": {}, "cases": [],
                 "copyVsMap": {"file": "copy-vs-map.csv",
                   "verdict": ["on this machine, mapping a fresh posix segment (in-place) beats pipe from 1.0 MiB"],
                   "crossovers": [{"copy": "pipe", "map": "posix in-place", "fromBytes": 1048576}]}}
                """);
        Files.writeString(run.resolve("copy-vs-map.csv"), """
                message_bytes,copy_transport,map_variant,break_even_transfers,map_wins_first_transfer_share,\
                break_even_low,break_even_high
                1024,pipe,posix in-place,40,0.0%,31,55
                4096,pipe,posix in-place,12,60.0%,8,19
                1048576,pipe,posix in-place,1,100.0%,1,1
                """);
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r3")).render();
        assertThat(html)
                .contains("<strong>Copy vs map:</strong> on this machine, mapping a fresh posix segment (in-place)"
                        + " beats pipe from 1.0 MiB");
        assertThat(html)
                .contains("<tr><td>pipe</td><td>posix in-place</td><td>1 MiB</td><td>4 KiB</td>"
                        + "<td class=\"n\" data-v=\"4096\">4 KiB</td><td class=\"n\">12</td>"
                        + "<td class=\"n\">[8, 19]</td></tr>");
    }

    @Test
    void shouldShowTheCopyLadderWithItsIntervalsAndWhetherTheRunCanTell() throws Exception {
        Path run = Files.createDirectories(dir.resolve("results/r4"));
        Files.writeString(run.resolve("run.json"), """
                {"runId": "r4", "state": "finished", "environment": {}, "cases": [],
                 "copyVsMap": {"file": null, "verdict": [], "crossovers": [], "ladderFile": "copy-ladder.csv",
                   "ladder": ["at 4.0 KiB the run cannot tell 1 copy (cma) from 0 copies (shm in-place)"]}}
                """);
        Files.writeString(run.resolve("copy-ladder.csv"), """
                message_bytes,copies,case,mean_ns,mean_low_ns,mean_high_ns,setup,cheapest,cheapest_share
                4096,2,transfer/pipe/size=4KiB,61541.2,59388.7,63853.9,a connection per channel,no,
                4096,1,transfer/cma/size=4KiB,2016.1,1618.8,2685.3,a connection per channel,cannot tell,63.0%
                4096,0,transfer/shm/placement=in-place/size=4KiB,2246.3,1986.6,2565.4,96.2 us once per segment,no,
                """);
        String html = new HtmlReport(List.of(RunData.read(run)), dir.resolve("reports/r4")).render();
        assertThat(html)
                .contains("<h2 id=\"copy-ladder\">Copy ladder</h2>")
                .contains("<td>2 copies</td><td>transfer/pipe/size=4KiB</td><td class=\"n\">61.54</td>"
                        + "<td class=\"n\">59.39 – 63.85</td>")
                .contains("<td>1 copy</td>")
                .contains("cannot tell (63.0% of resamples)")
                .contains("<li>at 4.0 KiB the run cannot tell 1 copy (cma) from 0 copies (shm in-place)</li>")
                .contains("copy-ladder.csv");
    }

    /** A ping-pong case whose two forks had p50s of {@code a, b} and {@code c, d} ns. */
    private static String row(String transport, long size, double a, double b, double c, double d) {
        double p50 = (a + b + c + d) / 4;
        return """
                {"key": "ping-pong/%s/size=%d", "pattern": "ping-pong", "transport": "%s", "messageBytes": %d,
                 "knobs": {}, "status": "ok",
                 "latencyNs": {"p50": %s, "p90": %s, "p99": %s, "p999": %s, "p9999": %s, "mean": %s, "samples": 100},
                 "samples": {"p50Ns": [[%s, %s], [%s, %s]], "p99Ns": [[1, 1], [1, 1]]}}""".formatted(transport, size, transport, size, p50, p50, 2 * p50, 3 * p50, 4 * p50, p50, a, b, c, d);
    }

    @Test
    void shouldRefuseWhatIsNotARunDirectory() throws Exception {
        assertThatThrownBy(() -> RunData.read(dir))
                .isInstanceOf(ReportException.class)
                .hasMessage(dir + " is not a run directory: it has no run.json");
        Files.writeString(dir.resolve("run.json"), "{\"cases\": 3");
        assertThatThrownBy(() -> RunData.read(dir))
                .hasMessageStartingWith(dir.resolve("run.json") + " is not a valid ipcmark run.json");
    }
}
