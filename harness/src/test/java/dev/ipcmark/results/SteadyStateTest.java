package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyStateTest {
    private static final String KEY = "ping-pong/shm/sync=futex/size=64";

    @Test
    void shouldFlagACaseWhoseFirstMeasuredIterationStandsApartInMostForks() {
        // Iteration p50s of ci.yaml's futex case on the 2-vCPU VM: four forks still warming up after 2 × 100 ms.
        List<double[]> forks = List.of(
                new double[] {4539, 2927, 2367, 2259, 2243},
                new double[] {4315, 2523, 2251, 2167, 2143},
                new double[] {5063, 2853, 2329, 2247, 2215},
                new double[] {4635, 2761, 2203, 2185, 2147});
        SteadyState s = SteadyState.of(KEY, forks).orElseThrow();
        assertThat(s.unsettledForks()).isEqualTo(4);
        assertThat(s.forks()).isEqualTo(4);
        // First iteration over the median of the last half (the last three of five), median over the forks.
        assertThat(s.ratio()).isCloseTo((4539 / 2259.0 + 4635 / 2185.0) / 2, within(1e-9));
        assertThat(s.low()).isCloseTo(4315 / 2167.0, within(1e-9));
        assertThat(s.high()).isCloseTo(5063 / 2247.0, within(1e-9));
        assertThat(s.sentence()).startsWith(KEY + ": the first measured iteration took 2.");
        assertThat(s.sentence()).contains("4 of 4 forks");
    }

    @Test
    void shouldLeaveAloneACaseWhoseFirstIterationIsWithinTheOthersSpread() {
        // The pipe case of the same runs: 9 % slower first, but not beyond every later iteration by 10 %.
        List<double[]> forks = List.of(
                new double[] {2600, 2480, 2450, 2460, 2440},
                new double[] {2500, 2470, 2700, 2460, 2430},
                new double[] {2450, 2440, 2460, 2420, 2470});
        assertThat(SteadyState.of(KEY, forks)).isEmpty();
    }

    @Test
    void shouldNeedMostForksNotJustOne() {
        List<double[]> forks =
                List.of(new double[] {5000, 2400, 2400, 2400}, new double[] {2400, 2400, 2400, 2400}, new double[] {
                    2400, 2450, 2400, 2380
                });
        assertThat(SteadyState.of(KEY, forks)).isEmpty();
    }

    @Test
    void shouldFlagARunThatSpeedsUpAsWellAsOneThatSlowsDown() {
        List<double[]> forks = List.of(new double[] {1000, 1500, 1550, 1500}, new double[] {900, 1400, 1450, 1500});
        SteadyState s = SteadyState.of(KEY, forks).orElseThrow();
        assertThat(s.ratio()).isLessThan(1);
        assertThat(s.sentence()).contains("as long as the fork's last ones");
    }

    @Test
    void shouldNotJudgeACaseFromOneFork() {
        // One JVM's first iteration stands apart by chance too often to be a finding.
        assertThat(SteadyState.of(KEY, List.of(new double[] {3000, 2400, 2450, 2400})))
                .isEmpty();
    }

    @Test
    void shouldNotJudgeForksTooShortToTell() {
        assertThat(SteadyState.of(KEY, List.of(new double[] {5000, 2000}, new double[] {5000, 2000})))
                .isEmpty();
        assertThat(SteadyState.of(KEY, List.of())).isEmpty();
    }
}
