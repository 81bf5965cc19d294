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

    /**
     * Forks that each settle at their own level, spread over ±8 % (the 4 KiB pipe stream's over 124 to 179 µs on one
     * CPU, 2026-12-04), in runs the machine did not move: each run's forks met the same levels. A gated run's own
     * draw of four forks is what makes the metric too noisy, which more baseline runs cannot narrow and runs of more
     * forks can; runs of as many forks as the gate names, at levels over the same range, are within the threshold.
     */
    @Test
    void shouldNameTheForksPerRunThatBringAForkBoundMetricWithinTheThreshold() {
        RunLevelTest.Estimate four = estimate(levelled(5, 4), levelled(1, 4).getFirst());
        assertThat(four.detectablePercent()).isGreaterThan(10);
        assertThat(four.runsNeeded()).isNull();
        assertThat(four.forksNeeded()).isNotNull().isBetween(5, RunLevelTest.MOST_FORKS_SUGGESTED);

        int forks = four.forksNeeded();
        RunLevelTest.Estimate more =
                estimate(levelled(5, forks), levelled(1, forks).getFirst());
        assertThat(more.detectablePercent()).isLessThanOrEqualTo(10);
        assertThat(more.forksNeeded()).isZero();
    }

    /** Runs the machine moved as a whole (±12 %), their forks together: no number of forks per run can help. */
    @Test
    void shouldNameNoForksWhenTheRunsThemselvesMoveApart() {
        List<List<double[]>> baseline = new ArrayList<>();
        double[] shifts = {1.0, 1.12, 0.9, 1.05, 0.95};
        for (int r = 0; r < shifts.length; r++) {
            double s = shifts[r];
            baseline.add(run(20 + r, s, s, s, s));
        }
        RunLevelTest.Estimate e = estimate(baseline, run(30, 1.0, 1.0, 1.0, 1.0));
        assertThat(e.detectablePercent()).isGreaterThan(10);
        assertThat(e.runsNeeded()).isNull();
        assertThat(e.forksNeeded()).isNull();
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

    /**
     * {@code runs} runs of {@code forks} forks at levels evenly over ±8 %, every fork at a level of its own and every
     * run's forks over the whole range.
     */
    private static List<List<double[]>> levelled(int runs, int forks) {
        List<List<double[]>> out = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            double[] levels = new double[forks];
            for (int f = 0; f < forks; f++) {
                levels[f] = 0.92 + 0.16 * (f * runs + r) / (forks * runs - 1);
            }
            out.add(run(40 + r, levels));
        }
        return out;
    }

    /** Forks at the given levels of 45 µs, each 10 iterations with 0.3 % noise. */
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
