package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Calibration probes whose rounds fell into levels far apart within one run: found and said; nothing otherwise. */
class ProbeLevelsTest {
    @Test
    void shouldFindTheLevelsOfACrossCoreProbeOnAVmWhoseHostMovesItsVcpus() {
        // cache-line rounds of one ci.yaml run on the 2-vCPU AMD EPYC VM (2026-12-01), in the order taken.
        Calibration.Probe probe = probe(
                "cache-line", 318.9, 65.8, 331.8, 62.9, 63.0, 67.8, 68.9, 333.3, 309.1, 68.9, 33.6, 72.0, 75.7, 68.8);
        ProbeLevels levels = ProbeLevels.of(probe).orElseThrow();
        assertThat(levels.levels())
                .containsExactly(
                        new ProbeLevels.Level(33.6, 33.6, 1),
                        new ProbeLevels.Level(62.9, 75.7, 9),
                        new ProbeLevels.Level(309.1, 333.3, 4));
        assertThat(levels.sentence())
                .isEqualTo("cache-line: 33.6 ns in 1 round, 62.9 ns to 75.7 ns in 9, 309.1 ns to 333.3 ns in 4");
    }

    @Test
    void shouldLeaveAloneAProbeThatVariedOnlyWithinOneLevel() {
        // The same probe in the run before it: 62 to 73 ns in every round.
        assertThat(ProbeLevels.of(probe(
                        "cache-line",
                        63.4,
                        65.3,
                        67.9,
                        61.6,
                        67.9,
                        72.8,
                        70.2,
                        67.3,
                        68.8,
                        66.4,
                        64.4,
                        65.4,
                        62.6,
                        65.7)))
                .isEmpty();
        // A steady rise is a drift, which the gate's probes judge, not two levels.
        assertThat(ProbeLevels.of(probe("null-syscall", 80, 90, 100, 110, 120, 130, 140, 150, 160)))
                .isEmpty();
    }

    @Test
    void shouldNotCallTwoRoundsLevels() {
        assertThat(ProbeLevels.of(probe("cache-line", 65, 330))).isEmpty();
    }

    @Test
    void shouldPrintAHeadingAndALinePerProbeThatHadLevels() {
        Calibration calibration = new Calibration(List.of(
                probe("null-syscall", 90, 91, 92, 90),
                probe("futex-wake", 46184.5, 37474.8, 52034.7, 38401.9, 90157.1, 92508.5, 41878.9)));
        List<String> lines = ProbeLevels.lines(ProbeLevels.of(calibration));
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).startsWith("The machine ran at levels far apart during this run");
        assertThat(lines.get(1)).isEqualTo("  futex-wake: 37.5 us to 52.0 us in 5 rounds, 90.2 us to 92.5 us in 2");
        assertThat(ProbeLevels.lines(ProbeLevels.of(new Calibration(List.of()))))
                .isEmpty();
    }

    private static Calibration.Probe probe(String id, double... rounds) {
        return new Calibration.Probe(
                id, "", java.util.Arrays.stream(rounds).boxed().toList());
    }
}
