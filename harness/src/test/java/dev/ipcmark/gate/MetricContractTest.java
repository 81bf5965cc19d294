package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Scenario;
import dev.ipcmark.scenario.ScenarioException;
import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.scenario.TransportCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every gated metric of the registry ({@link Metric}) keeps, derived from the registry so that a new
 * metric is covered without editing this test: a scenario's {@code gate:} section sets its threshold; run.json written
 * by the real writer carries its samples for the patterns it applies to, and the gate reads them back; a change in its
 * bad direction beyond the threshold is a regression, no change is none.
 */
class MetricContractTest {
    private static final String PING_PONG = "ping-pong/pipe/size=64";
    private static final String STREAM = "stream/pipe/size=4KiB";

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryMetricsThresholdFromAScenarioAndNameThemAllWhenOneIsUnknown() {
        ScenarioLoader loader = new ScenarioLoader(TransportCatalog.withoutKnobs(List.of("pipe")));
        for (Metric m : Metric.values()) {
            Scenario s = loader.parse(
                    "name: g\ncases: [{ pattern: ping-pong, transports: [pipe], messageSizes: [64] }]\ngate: { "
                            + m.id() + ": 7.5% }\n",
                    "g.yaml");
            assertThat(s.gate().percent(m)).as(m.id()).isEqualTo(7.5);
            assertThat(s.gate().describe()).contains(m.id() + " 7.5%");
        }
        assertThatThrownBy(() -> loader.parse(
                        "name: g\ncases: [{ pattern: ping-pong, transports: [pipe], messageSizes: [64] }]\n"
                                + "gate: { p42: 5% }\n",
                        "g.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(String.join(", ", Metric.ids()));
    }

    @Test
    void shouldRecordJudgeAndFlagEveryMetricMovedTheWrongWay() {
        Baseline base = baseline();
        RunSamples same = run("same", 1.0, 70);
        RunSamples worse = run("worse", 1.6, 80);
        for (Metric m : Metric.values()) {
            List<String> cases = new ArrayList<>();
            for (String key : List.of(PING_PONG, STREAM)) {
                if (m.appliesTo(dev.ipcmark.scenario.CaseSpec.parse(key).pattern())) {
                    cases.add(key);
                }
            }
            assertThat(cases).as(m.id() + " applies to no pattern of the test").isNotEmpty();
            for (String key : cases) {
                assertThat(verdict(Comparison.of(base, List.of(same), GateSpec.DEFAULTS, 0.01), key, m))
                        .as(m.id() + " of " + key + " unchanged")
                        .isNotIn(Verdict.REGRESSED, Verdict.IMPROVED);
                assertThat(verdict(Comparison.of(base, List.of(worse), GateSpec.DEFAULTS, 0.01), key, m))
                        .as(m.id() + " of " + key + " 60% worse")
                        .isEqualTo(Verdict.REGRESSED);
            }
        }
        assertThat(Arrays.stream(Pattern.values()).filter(Metric.THROUGHPUT::appliesTo))
                .containsExactly(Pattern.STREAM, Pattern.FAN_IN);
    }

    private Baseline baseline() {
        List<RunSamples> runs = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            runs.add(run("base-" + r, 1.0 + 0.01 * (r - 2), 10L * r));
        }
        return Baseline.of(dir.resolve("baseline"), runs);
    }

    /** A run whose every metric is {@code worse} times its base value in the metric's bad direction. */
    private RunSamples run(String id, double worse, long seed) {
        return RunFixtures.run(id)
                .measured(PING_PONG, m -> value(m, 40_000, worse), 0.02, seed)
                .measured(STREAM, m -> value(m, m.higherIsBetter() ? 200_000 : 9_000, worse), 0.02, seed + 5)
                .probes(100, 40_000, 150, 30_000, 0.02, seed)
                .read(dir);
    }

    private static double value(Metric m, double base, double worse) {
        return m.higherIsBetter() ? base / worse : base * worse;
    }

    private static Verdict verdict(Comparison c, String key, Metric m) {
        return c.results().stream()
                .filter(r -> r.caseKey().equals(key) && r.metric() == m)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + m.id() + " result for " + key + " in " + c.results()))
                .verdict();
    }
}
