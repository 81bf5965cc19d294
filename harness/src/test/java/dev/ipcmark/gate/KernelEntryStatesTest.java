package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two states of the machine told apart by the kernel-entry probe: found only where the probe's forks split into two
 * clusters and the metric steps between them, and the values moved by that step, never past it.
 */
class KernelEntryStatesTest {
    // As the 4 KiB unix-stream stream's baseline of 2026-12-03: fork probes at 1100-1210 ns or 1280-1370 ns, the batch
    // p50 at 147 µs or 216 µs, flat within each state.
    private static final double FAST = 1150;
    private static final double SLOW = 1310;
    private static final double FAST_VALUE = 147_000;
    private static final double SLOW_VALUE = 216_000;
    // Four runs of four forks, half of them in the slow state.
    private static final boolean[][] MIXED = {
        {false, false, true, true}, {true, false, true, false}, {false, true, true, false}, {true, true, false, false}
    };

    @Test
    void shouldMoveEachStateByTheStepBetweenThemAndLeaveForksWithinAStateAlone() {
        Runs baseline = twoStates(
                new boolean[][] {
                    {false, false, false, false},
                    {true, true, true, true},
                    {true, true, true, true},
                    {true, true, false, false},
                    {false, true, false, false}
                },
                1.0,
                1);
        Runs current = twoStates(new boolean[][] {{false, false, false, false}}, 1.0, 2);

        KernelEntryAdjustment a = fit(Metric.P50, baseline, current);

        assertThat(a.states()).isNotNull();
        assertThat(a.states().fast()).isEqualTo(9);
        assertThat(a.states().slow()).isEqualTo(11);
        assertThat(Math.exp(a.states().step())).isCloseTo(SLOW_VALUE / FAST_VALUE, within(0.02));
        // The reference is the median fork's state, the slow one here: every value lands at the slow state's level.
        for (List<List<double[]>> runs : List.of(a.baseline(), a.current())) {
            for (List<double[]> run : runs) {
                for (double[] fork : run) {
                    for (double v : fork) {
                        assertThat(v / SLOW_VALUE).isCloseTo(1, within(0.04));
                    }
                }
            }
        }
        assertThat(a.describe(Metric.P50))
                .contains("the baseline's forks met two, 9 at")
                .contains("11 at")
                .containsPattern("the slow one \\+4[0-9]\\.[0-9] %");
    }

    @Test
    void shouldKeepAChangeOfTheCodeAsTheSameRatioInEitherState() {
        Runs baseline = twoStates(MIXED, 1.0, 3);
        Runs fastAndSlower = twoStates(new boolean[][] {{false, false, false, false}}, 1.10, 4);
        Runs slowAndSlower = twoStates(new boolean[][] {{true, true, true, true}}, 1.10, 5);

        for (Runs current : List.of(fastAndSlower, slowAndSlower)) {
            KernelEntryAdjustment a = fit(Metric.P50, baseline, current);
            assertThat(median(a.current().getFirst()) / median(a.baseline().getFirst()))
                    .isCloseTo(1.10, within(0.03));
        }
    }

    @Test
    void shouldMoveAProbeBeyondTheSlowStateOnlyByTheOneStep() {
        Runs baseline = twoStates(MIXED, 1.0, 6);
        Runs current = twoStates(new boolean[][] {{true, true, true, true}}, 1.0, 7);
        // A third, slower state of the machine, and the case twice as slow in it.
        for (int fork = 0; fork < 4; fork++) {
            java.util.Arrays.fill(current.probes.getFirst().get(fork), 2000);
            java.util.Arrays.setAll(current.values.getFirst().get(fork), i -> 2 * SLOW_VALUE);
        }

        KernelEntryAdjustment a = fit(Metric.P50, baseline, current);

        // Still twice as slow as the slow state: under-corrected, it looks slow, never fast.
        double slowLevel = a.states().move(SLOW_VALUE, SLOW, a.reference());
        assertThat(median(a.current().getFirst()) / slowLevel).isCloseTo(2, within(0.01));
    }

    @Test
    void shouldMoveARateTheOtherWay() {
        Runs baseline = twoStates(MIXED, 1.0, 8);
        // Messages per second: fewer in the slow state.
        invert(baseline);
        Runs current = twoStates(new boolean[][] {{false, false, true, true}}, 1.0, 9);
        invert(current);

        KernelEntryAdjustment a = fit(Metric.THROUGHPUT, baseline, current);

        assertThat(a.states().step()).isNegative();
        assertThat(a.describe(Metric.THROUGHPUT)).containsPattern("the slow one -3[0-9]\\.[0-9] %");
    }

    @Test
    void shouldNotSeeStatesWhereTheProbeSpreadsWithoutAGapOrTheMetricDoesNotStep() {
        SplittableRandom random = new SplittableRandom(10);
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1100 + 250 * random.nextDouble();
            y[i] = FAST_VALUE * (1 + 0.3 * (x[i] - 1100) / 250);
        }
        assertThat(KernelEntryStates.of(Metric.P50, x, y, KernelEntryAdjustment.P_FIT))
                .isEmpty();

        // Two clusters of the probe, but the metric the same in both.
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 2 == 0 ? FAST : SLOW) + random.nextDouble();
            y[i] = FAST_VALUE * (1 + 0.01 * random.nextDouble());
        }
        assertThat(KernelEntryStates.of(Metric.P50, x, y, KernelEntryAdjustment.P_FIT))
                .isEmpty();

        // Two clusters, the metric slower in the slow one, but only two forks met it.
        for (int i = 0; i < x.length; i++) {
            x[i] = (i < 2 ? SLOW : FAST) + random.nextDouble();
            y[i] = i < 2 ? SLOW_VALUE : FAST_VALUE;
        }
        assertThat(KernelEntryStates.of(Metric.P50, x, y, KernelEntryAdjustment.P_FIT))
                .isEmpty();
    }

    private record Runs(List<List<double[]>> values, List<List<double[]>> probes) {}

    private static KernelEntryAdjustment fit(Metric metric, Runs baseline, Runs current) {
        return KernelEntryAdjustment.of(metric, baseline.values, baseline.probes, current.values, current.probes)
                .orElseThrow();
    }

    // Runs of forks of five iterations, each fork in the fast or slow state (its probe ±30 ns of the state's, as forks
    // are within a state; values ±1 %), every value times {@code factor}.
    private static Runs twoStates(boolean[][] slow, double factor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<double[]>> values = new ArrayList<>();
        List<List<double[]>> probes = new ArrayList<>();
        for (boolean[] run : slow) {
            List<double[]> v = new ArrayList<>();
            List<double[]> p = new ArrayList<>();
            for (boolean s : run) {
                double level = (s ? SLOW : FAST) + 60 * (random.nextDouble() - 0.5);
                double[] fv = new double[5];
                double[] fp = new double[5];
                for (int i = 0; i < 5; i++) {
                    fv[i] = factor * (s ? SLOW_VALUE : FAST_VALUE) * (1 + 0.01 * (2 * random.nextDouble() - 1));
                    fp[i] = level + 4 * (random.nextDouble() - 0.5);
                }
                v.add(fv);
                p.add(fp);
            }
            values.add(v);
            probes.add(p);
        }
        return new Runs(values, probes);
    }

    private static void invert(Runs runs) {
        for (List<double[]> run : runs.values) {
            for (double[] fork : run) {
                java.util.Arrays.setAll(fork, i -> 3e10 / fork[i]);
            }
        }
    }

    private static double median(List<double[]> forks) {
        return RunLevelTest.median(
                forks.stream().flatMapToDouble(java.util.Arrays::stream).toArray());
    }
}
