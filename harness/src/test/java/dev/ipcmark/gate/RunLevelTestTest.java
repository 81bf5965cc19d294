package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RunLevelTestTest {
    private static final double ALPHA = 0.05;

    /**
     * Five baseline runs of four forks; in the fifth the forks settled 6 % apart (a run of the same code can). A
     * current run whose forks are 4 % apart is no noisier than a run the baseline holds: its spread is already in the
     * baseline's, and counting it again only made A/A comparisons "too noisy" (46 of the 102 A/A comparisons not
     * conclusive in four self-checks of 2026-12-03 carried such an excess).
     */
    @Test
    void shouldAddNoExcessForARunNoNoisierThanTheNoisiestBaselineRun() {
        List<List<double[]>> baseline = baseline();
        RunLevelTest.Estimate tight = estimate(baseline, run(7, 1.0, 1.0, 1.0, 1.0));
        RunLevelTest.Estimate apart = estimate(baseline, run(8, 1.0, 1.04, 1.0, 1.04));
        assertThat(apart.basis()).doesNotContain("disagree more");
        assertThat(apart.detectablePercent()).isCloseTo(tight.detectablePercent(), Offset.offset(0.01));
    }

    /** Forks 35 % apart, as in a slow spell the probes did not explain: beyond every baseline run, so it counts. */
    @Test
    void shouldAddTheExcessOfARunNoisierThanEveryBaselineRun() {
        List<List<double[]>> baseline = baseline();
        RunLevelTest.Estimate tight = estimate(baseline, run(7, 1.0, 1.0, 1.0, 1.0));
        RunLevelTest.Estimate apart = estimate(baseline, run(9, 1.0, 1.35, 1.0, 1.35));
        assertThat(apart.basis()).contains("and this run's forks, which disagree more than theirs did");
        assertThat(apart.detectablePercent()).isGreaterThan(2 * tight.detectablePercent());
    }

    private static RunLevelTest.Estimate estimate(List<List<double[]>> baseline, List<double[]> current) {
        return RunLevelTest.of(baseline, List.of(current), false, ALPHA, ALPHA, 10, NoisePrior.NONE);
    }

    private static List<List<double[]>> baseline() {
        List<List<double[]>> runs = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            double shift = 1 + 0.004 * (r - 1.5);
            runs.add(run(r, shift, shift, shift, shift));
        }
        runs.add(run(4, 1.0, 1.06, 1.0, 1.06));
        return runs;
    }

    /** Four forks at the given levels of 45 µs, each 10 iterations with 0.3 % noise. */
    private static List<double[]> run(long seed, double... levels) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> forks = new ArrayList<>();
        for (double level : levels) {
            double[] fork = new double[10];
            for (int i = 0; i < fork.length; i++) {
                fork[i] = 45_000 * level * (1 + 0.003 * (2 * random.nextDouble() - 1));
            }
            forks.add(fork);
        }
        return forks;
    }
}
