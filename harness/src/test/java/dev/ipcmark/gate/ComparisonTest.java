package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.scenario.GateSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    private static final String PIPE = "ping-pong/pipe/mode=blocking/size=64";
    private static final String SHM = "ping-pong/shm/sync=spin/size=64";
    private static final String STREAM = "stream/unix-stream/size=4KiB";

    @TempDir
    Path dir;

    private static MetricResult judge(double baseCentre, double curCentre, double noise, double threshold) {
        return Comparison.judge(
                "k",
                Metric.P50,
                forks(RunFixtures.noisy(baseCentre, noise, 1)),
                forks(RunFixtures.noisy(curCentre, noise, 2)),
                threshold,
                Comparison.DEFAULT_ALPHA);
    }

    private static List<double[]> forks(List<List<Double>> values) {
        return values.stream()
                .map(f -> f.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
    }

    @Test
    void shouldCallASignificantChangeBeyondTheThresholdARegression() {
        MetricResult r = judge(1000, 1300, 0.02, 10);
        assertThat(r.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(r.changePercent()).isBetween(25.0, 35.0);
        assertThat(r.note()).contains("significant").contains("beyond ±10%");
        assertThat(judge(1000, 700, 0.02, 10).verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void shouldCallASignificantChangeUnderTheThresholdUnchanged() {
        MetricResult r = judge(1000, 1040, 0.01, 10);
        assertThat(r.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(r.changePercent()).isBetween(2.0, 6.0);
    }

    @Test
    void shouldCallNoiseThatCouldHideAChangeInconclusive() {
        MetricResult r = judge(1000, 1150, 0.6, 10);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.note()).contains("too noisy");
    }

    @Test
    void shouldNotTakeADifferenceBetweenForksForARegression() {
        // Half the baseline ran in a fast fork (10), the rest and all of the current run in slow ones (20): the
        // iterations differ significantly, but a slow baseline fork alone would have matched the current run.
        double[] fast = new double[20];
        double[] slowBase = new double[20];
        double[] slow1 = new double[20];
        double[] slow2 = new double[20];
        for (int i = 0; i < 20; i++) {
            fast[i] = 10 + i * 0.01;
            slowBase[i] = 20 + i * 0.04;
            slow1[i] = 20.01 + i * 0.04;
            slow2[i] = 20.02 + i * 0.04;
        }
        MetricResult r = Comparison.judge(
                "k", Metric.P50, List.of(fast, slowBase), List.of(slow1, slow2), 10, Comparison.DEFAULT_ALPHA);
        assertThat(r.pValue()).isLessThan(Comparison.DEFAULT_ALPHA);
        assertThat(r.interval().low()).isLessThanOrEqualTo(1.0);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.note()).startsWith("not significant across forks (p ");
    }

    @Test
    void shouldNeedSamplesToSayAnything() {
        MetricResult r = Comparison.judge(
                "k",
                Metric.P50,
                List.of(new double[] {1, 1}),
                List.of(new double[] {9, 9}),
                10,
                Comparison.DEFAULT_ALPHA);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.note()).contains("too few samples");
    }

    @Test
    void shouldTreatLowerThroughputAsTheRegression() {
        RunSamples base =
                RunFixtures.run("a").stream(STREAM, 40_000, 500_000, 0.02, 1).read(dir);
        RunSamples slower =
                RunFixtures.run("b").stream(STREAM, 40_000, 350_000, 0.02, 5).read(dir);
        RunSamples faster =
                RunFixtures.run("c").stream(STREAM, 40_000, 650_000, 0.02, 9).read(dir);
        Comparison worse = Comparison.of(base, slower, GateSpec.DEFAULTS, 0.01);
        assertThat(verdict(worse, STREAM, Metric.THROUGHPUT)).isEqualTo(Verdict.REGRESSED);
        assertThat(verdict(worse, STREAM, Metric.P50)).isEqualTo(Verdict.UNCHANGED);
        assertThat(verdict(Comparison.of(base, faster, GateSpec.DEFAULTS, 0.01), STREAM, Metric.THROUGHPUT))
                .isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void shouldMatchCasesByKeyAndListTheRest() {
        RunSamples base = RunFixtures.run("base")
                .ok(PIPE, 45_000, 0.02, 1)
                .ok(SHM, 200, 0.02, 2)
                .ok("ping-pong/tcp/size=64", 50_000, 0.02, 3)
                .notRun("ping-pong/udp/size=64", "skipped", "udp loses messages")
                .read(dir);
        RunSamples cur = RunFixtures.run("cur")
                .ok(PIPE, 45_000, 0.02, 11)
                .notRun(SHM, "failed", "the peer crashed\nstack")
                .ok("ping-pong/fifo/size=64", 45_000, 0.02, 13)
                .ok("ping-pong/udp/size=64", 60_000, 0.02, 14)
                .read(dir);
        Comparison c = Comparison.of(base, cur, GateSpec.DEFAULTS, 0.01);
        assertThat(c.onlyInBaseline()).containsExactly("ping-pong/tcp/size=64");
        assertThat(c.onlyInCurrent()).containsExactly("ping-pong/fifo/size=64");
        assertThat(c.notCompared())
                .containsExactly("ping-pong/udp/size=64: skipped in the baseline (udp loses messages)");
        assertThat(c.failures()).singleElement().satisfies(f -> {
            assertThat(f.caseKey()).isEqualTo(SHM);
            assertThat(f.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(f.note()).isEqualTo("ran in the baseline but failed now: the peer crashed");
        });
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.UNCHANGED);
        assertThat(c.summary()).startsWith("0 regressed, 1 failed");
    }

    @Test
    void shouldKeepOnlyTheRegressionsThatASecondMeasurementReproduces() {
        RunSamples base = RunFixtures.run("base")
                .ok(PIPE, 45_000, 0.02, 1)
                .ok(SHM, 200, 0.02, 2)
                .ok("ping-pong/tcp/size=64", 50_000, 0.02, 3)
                .read(dir);
        RunSamples first = RunFixtures.run("first")
                .ok(PIPE, 60_000, 0.02, 11) // a slow spell
                .ok(SHM, 300, 0.02, 12) // a real regression
                .notRun("ping-pong/tcp/size=64", "failed", "the peer crashed")
                .read(dir);
        RunSamples again = RunFixtures.run("again")
                .ok(PIPE, 45_500, 0.02, 21)
                .ok(SHM, 310, 0.02, 22)
                .read(dir);
        Comparison c = Comparison.of(base, first, GateSpec.DEFAULTS, 0.01);
        assertThat(c.regressedCases()).containsExactly(PIPE, SHM);
        Comparison confirmed = c.confirmedBy(Comparison.of(base, again, GateSpec.DEFAULTS, 0.01));
        assertThat(verdict(confirmed, PIPE, Metric.P50)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict(confirmed, SHM, Metric.P50)).isEqualTo(Verdict.REGRESSED);
        assertThat(confirmed.failures())
                .extracting(MetricResult::caseKey)
                .containsExactly(SHM, SHM, "ping-pong/tcp/size=64");
        assertThat(confirmed.results().getFirst().note())
                .startsWith("regressed +3")
                .contains("measured again in again: unchanged")
                .endsWith("not reproduced, so taken for the machine's noise");
        assertThat(confirmed.warnings()).contains("4 suspected regressions measured again in again: 2 reproduced");
    }

    @Test
    void shouldSkipMetricsWhoseThresholdIsOff() {
        RunSamples base = RunFixtures.run("a").ok(PIPE, 1000, 0.02, 1).read(dir);
        RunSamples cur = RunFixtures.run("b").ok(PIPE, 2000, 0.02, 2).read(dir);
        Comparison c = Comparison.of(base, cur, GateSpec.DEFAULTS.with("p50", GateSpec.OFF), 0.01);
        assertThat(c.results()).extracting(MetricResult::metric).containsExactly(Metric.P99);
    }

    @Test
    void shouldRefuseRunsWithNoCaseInCommon() {
        RunSamples base = RunFixtures.run("a").ok(PIPE, 1000, 0.02, 1).read(dir);
        RunSamples cur = RunFixtures.run("b").ok(SHM, 1000, 0.02, 2).read(dir);
        assertThatThrownBy(() -> Comparison.of(base, cur, GateSpec.DEFAULTS, 0.01))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("no case in common");
    }

    @Test
    void shouldReportOtherMachinesAndInjectedDelays() {
        RunSamples base = RunFixtures.run("a").ok(PIPE, 1000, 0.02, 1).read(dir);
        RunSamples cur = RunFixtures.run("b")
                .env("cpuModel", "Other CPU")
                .scenario("inject", Map.of("peerDelay", "20us"))
                .ok(PIPE, 1000, 0.02, 2)
                .read(dir);
        Comparison c = Comparison.of(base, cur, GateSpec.DEFAULTS, 0.01);
        assertThat(c.environmentDifferences()).containsExactly("cpuModel: Test CPU ≠ Other CPU");
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("injected peer delay of 20us"));
    }

    private static Verdict verdict(Comparison c, String key, Metric metric) {
        return c.results().stream()
                .filter(r -> r.caseKey().equals(key) && r.metric() == metric)
                .findFirst()
                .orElseThrow()
                .verdict();
    }
}
