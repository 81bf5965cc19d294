package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.scenario.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfJudgementTest {
    private static final String PIPE = "ping-pong/pipe/mode=blocking/size=64";

    @TempDir
    Path dir;

    private Baseline baseline(double... p50s) {
        List<RunSamples> runs = new ArrayList<>();
        for (int i = 0; i < p50s.length; i++) {
            runs.add(RunFixtures.run("r" + i).ok(PIPE, p50s[i], 0.02, 30 + i).read(dir));
        }
        return Baseline.of(dir, runs);
    }

    @Test
    void shouldJudgeEveryRunOnceAgainstTheOthers() {
        SelfJudgement judged = SelfJudgement.of(baseline(45_000, 45_200, 44_900, 45_100, 45_050), 0.01);
        assertThat(judged.runs()).isEqualTo(5);
        assertThat(judged.falseCalls()).isZero();
        // One p50 per run: the fixture's ping-pong case has no throughput metric.
        assertThat(judged.gated()).isEqualTo(5);
        assertThat(judged.conclusive()).isEqualTo(5);
        assertThat(judged.metrics())
                .extracting(SelfJudgement.MetricSummary::metric)
                .containsExactly(Metric.P50, Metric.P99);
        SelfJudgement.MetricSummary p50 = judged.metrics().getFirst();
        assertThat(p50.verdicts()).containsEntry(Verdict.UNCHANGED, 5);
        assertThat(p50.detectablePercent()).isPositive().isLessThan(p50.thresholdPercent());
        assertThat(p50.mostlyNoisy()).isFalse();
        assertThat(judged.summary()).contains("0 false calls").contains("5 of 5 p50 and throughput");
    }

    @Test
    void shouldCallTheOddRunOutAsAGateWould() {
        SelfJudgement judged = SelfJudgement.of(baseline(45_000, 45_200, 44_900, 45_100, 90_000), 0.01);
        assertThat(judged.falseCalls()).isPositive();
    }

    @Test
    void shouldNeedFourRuns() {
        assertThatThrownBy(() -> SelfJudgement.of(baseline(45_000, 45_200, 44_900), 0.01))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("needs 4 or more");
    }
}
