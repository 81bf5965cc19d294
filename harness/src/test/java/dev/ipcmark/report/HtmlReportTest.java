package dev.ipcmark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(html).doesNotContain("<script").doesNotContain("<b>host");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
        assertThat(html).contains("&lt;b&gt;host&lt;/b&gt;");
        assertThat(html).contains("x&#39; onload=&#39;alert(1)");
        assertThat(html).contains("<a href=\"../../results/r1/run.json\">run.json</a>");
        assertThat(Html.escape("a\"b")).isEqualTo("a&quot;b");
    }

    @Test
    void shouldShowEveryChartOfSeveralRunsSideBySide() throws Exception {
        Path a = run("a", 45_000);
        Path b = run("b", 60_000);
        String html = new HtmlReport(List.of(RunData.read(a), RunData.read(b)), dir.resolve("reports/b-vs-a")).render();
        int rows = html.split("<div class=\"runs\">", -1).length - 1;
        assertThat(rows).isGreaterThanOrEqualTo(2);
        assertThat(html)
                .contains("<figcaption>a: Which transport is fastest")
                .contains("<figcaption>b: Which transport is fastest");
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
        assertThat(html)
                .contains("<td><strong>regressed</strong></td><td>ping-pong/pipe/size=64</td><td>p50</td>"
                        + "<td class=\"n\">+33.3%</td><td class=\"n\">[+20.0%, +45.0%]</td>"
                        + "<td>significant &amp; beyond ±10%</td>");
        assertThat(html.indexOf(">regressed<"))
                .isLessThan(html.indexOf("<details><summary>1 unchanged, too noisy to gate or inconclusive"));
        assertThat(html).contains("&lt;b&gt;20us&lt;/b&gt;").doesNotContain("<b>20us");
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
    void shouldRefuseWhatIsNotARunDirectory() throws Exception {
        assertThatThrownBy(() -> RunData.read(dir))
                .isInstanceOf(ReportException.class)
                .hasMessage(dir + " is not a run directory: it has no run.json");
        Files.writeString(dir.resolve("run.json"), "{\"cases\": 3");
        assertThatThrownBy(() -> RunData.read(dir))
                .hasMessageStartingWith(dir.resolve("run.json") + " is not a valid ipcmark run.json");
    }
}
