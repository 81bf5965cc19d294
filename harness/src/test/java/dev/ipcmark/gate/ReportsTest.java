package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.scenario.GateSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The four renderings of one comparison: a regression, an unchanged case and a failed one with hostile text. */
class ReportsTest {
    private static final String SLOW = "ping-pong/pipe/size=64";
    private static final String SAME = "ping-pong/shm/size=64";
    private static final String BROKEN = "ping-pong/tcp/size=64";
    /** When the baseline was made, as every rendering for people says it (the fixture's runs start at 10:00). */
    private static final String MADE = "started 2026-11-29 10:00 UTC, the run 2 h 30 min before the current run";

    @TempDir
    Path dir;

    private Comparison comparison;

    @BeforeEach
    void compare() {
        Baseline base = RunFixtures.run("base")
                .ok(SLOW, 45_000, 0.02, 1)
                .ok(SAME, 200, 0.02, 2)
                .ok(BROKEN, 50_000, 0.02, 3)
                .baseline(dir);
        RunSamples cur = RunFixtures.run("cur")
                .startedAt("2026-11-29T12:30:00Z")
                .ok(SLOW, 65_000, 0.02, 11)
                .ok(SAME, 201, 0.02, 12)
                .notRun(BROKEN, "failed", "peer said <script>alert(1)</script> & \"quit\"")
                .read(dir);
        comparison = Comparison.of(base, java.util.List.of(cur), GateSpec.DEFAULTS, 0.01);
    }

    @Test
    void shouldPrintATableWithTheVerdictFirstAndASummary() {
        String text = ConsoleTable.render(comparison);
        assertThat(text).containsPattern("REGRESSED +ping-pong/pipe/size=64 +p50 +45\\.\\d µs +6\\d\\.\\d µs +\\+4\\d");
        assertThat(text).containsPattern("unchanged +ping-pong/shm/size=64 +p50");
        assertThat(text).contains("FAILED").contains("ran in the baseline but failed now");
        assertThat(text).contains("2 regressed, 1 failed, 2 unchanged (5 comparisons of 3 cases)");
        assertThat(text).endsWith("3 regressions.\n");
        assertThat(text).contains("\n         " + MADE + "\n");
    }

    @Test
    void shouldWriteJunitXmlThatParsesWithOneTestPerCaseAndMetric() throws Exception {
        String xml = JunitReport.render(comparison);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(5);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(3);
        Element first = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(first.getAttribute("classname")).isEqualTo(SLOW);
        assertThat(first.getAttribute("name")).isEqualTo("p50");
        assertThat(xml).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void shouldWriteMarkdownWithRegressionsFirstAndNoRawHtml() {
        String md = MarkdownReport.render(comparison);
        assertThat(md).startsWith("## ipcmark: 3 regressions\n");
        assertThat(md.indexOf("### Regressions")).isLessThan(md.indexOf("<details>"));
        assertThat(md).contains("| **regressed** | `ping-pong/pipe/size=64` | p50 |");
        assertThat(md).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(md).contains("against baseline `base` (" + MADE + "): ");
    }

    @Test
    void shouldWriteJsonWithEveryResult() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(comparison));
        assertThat(json.get("regressions").asInt()).isEqualTo(3);
        assertThat(json.get("results")).hasSize(5);
        JsonNode first = json.get("results").get(0);
        assertThat(first.get("case").asText()).isEqualTo(SLOW);
        assertThat(first.get("verdict").asText()).isEqualTo("regressed");
        assertThat(first.get("ratio").asDouble()).isBetween(1.35, 1.5);
        assertThat(first.get("ratioLow").asDouble()).isGreaterThan(1.0);
        assertThat(first.get("pWorse").asDouble()).isLessThan(0.01);
        assertThat(json.get("thresholds").get("p50").asText()).isEqualTo("10%");
        assertThat(json.get("baseline").get("made").asText()).isEqualTo(MADE);
    }
}
