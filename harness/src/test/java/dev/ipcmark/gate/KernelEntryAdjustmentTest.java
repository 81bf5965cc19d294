package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The covariate adjustment of a metric by its forks' kernel-entry probe: fitted on the baseline alone, applied only
 * when the baseline shows the slope, never past the probe levels the baseline covered.
 */
class KernelEntryAdjustmentTest {
    // Levels of a null system call (ns) as a VM's forks meet them: mostly ~200, some in a slow spell. The machine's
    // floor
    // is at 200: the values follow the probe above it, and a probe below it is jitter (runs(...)).
    private static final double[][] BASELINE_LEVELS = {{198, 201, 257, 199}, {202, 236, 197, 200}, {245, 199, 203, 262}
    };

    @Test
    void shouldBringForksThatMetASlowSpellBackToTheBaselinesLevel() {
        Runs baseline = runs(BASELINE_LEVELS, 5000, 20, 1);
        Runs current = runs(new double[][] {{250, 255, 199, 201}}, 5000, 20, 2);

        KernelEntryAdjustment a = fit(baseline, current).orElseThrow();

        assertThat(a.slope()).isCloseTo(20, within(2.0));
        assertThat(a.correlation()).isGreaterThan(0.9);
        assertThat(a.forks()).isEqualTo(12);
        assertThat(a.reference()).isBetween(199.0, 203.0);
        // Raw, the current forks span 5000 to 6100 ns; adjusted, those in the spell sit at the baseline's level, and
        // those whose probe lies below the reference (jitter, not a faster machine) are left as measured.
        List<double[]> adjusted = a.current().getFirst();
        for (int f = 0; f < adjusted.size(); f++) {
            if (median(current.probes.getFirst().get(f)) > a.reference()) {
                assertThat(median(adjusted.get(f))).isCloseTo(5000 + 20 * (a.reference() - 200), within(60.0));
            } else {
                assertThat(adjusted.get(f))
                        .containsExactly(current.values.getFirst().get(f));
            }
        }
        assertThat(spread(a.baseline())).isLessThan(spread(baseline.values) / 5);
        // Within a fork the probe only jitters (±1 ns, unrelated to the values): each fork moves as a whole.
        assertThat(a.withinSlope()).isZero();
        assertThat(a.floored()).isTrue();
        assertThat(a.describe(Metric.P50))
                .contains("kernel entry")
                .containsPattern("[0-9.]+ ns per ns above it from")
                .contains("12 forks")
                .contains("below it they do not follow the probe")
                .doesNotContain("within them");
    }

    @Test
    void shouldMoveForksAlongOneLineWhenTheyFollowTheProbeBelowTheMedianToo() {
        // Half the forks at 180 ns: a machine faster than the median, whose values are faster too.
        double[][] levels = {{180, 200, 181, 240}, {201, 179, 182, 250}, {199, 202, 180, 230}};
        Runs baseline = runs(levels, 5000, 20, 3, Double.NEGATIVE_INFINITY);
        Runs current = runs(new double[][] {{180, 181, 179, 182}}, 5000, 20, 4, Double.NEGATIVE_INFINITY);

        KernelEntryAdjustment a = fit(baseline, current).orElseThrow();

        assertThat(a.floored()).isFalse();
        assertThat(a.describe(Metric.P50)).doesNotContain("above it");
        // Raw at 4600 ns, 20 ns below the reference: moved up to the baseline's level at its reference.
        for (double[] fork : a.current().getFirst()) {
            assertThat(median(fork)).isCloseTo(5000 + 20 * (a.reference() - 200), within(60.0));
        }
    }

    @Test
    void shouldMoveEachIterationByItsOwnProbeWhenTheMachineChangesStateWithinForks() {
        // As the POSIX queue round trip did on 2026-12-02: iterations flip between two states of the machine within a
        // fork (8.7 µs at a 237 ns kernel entry, 12.7 µs at 319 ns), so fork medians hide most of it.
        Runs baseline = flipping(12, 0.3, 21);
        Runs current = flipping(4, 0.5, 22);

        // A fork that recorded nothing (a metric a fork has no samples of) is passed over, not a failure.
        baseline.values.getLast().set(0, new double[0]);
        baseline.probes.getLast().set(0, new double[0]);

        KernelEntryAdjustment a = fit(baseline, current).orElseThrow();

        // Within forks the values follow the probe as between them (4000 ns over 82 ns), less what its ±2 ns jitter
        // dilutes.
        assertThat(a.withinSlope()).isCloseTo(48.8, within(3.0)).isLessThanOrEqualTo(a.slope());
        assertThat(a.describe(Metric.P50)).contains("ns per ns within them");
        // Raw, iterations lie at two levels 46 % apart; adjusted, every one within a few percent of the slow-free
        // level.
        for (List<List<double[]>> runs : List.of(a.baseline(), a.current())) {
            for (double[] fork : runs.getFirst()) {
                for (double value : fork) {
                    assertThat(value / (8700 + 48.8 * (a.reference() - 237))).isCloseTo(1, within(0.04));
                }
            }
        }
    }

    @Test
    void shouldNotExtrapolatePastTheBaselinesStatesIterationByIteration() {
        Runs baseline = flipping(12, 0.3, 23);
        Runs current = flipping(4, 0.5, 24);
        current.probes.getFirst().getFirst()[0] = 500;
        current.values.getFirst().getFirst()[0] = 30_000;

        KernelEntryAdjustment a = fit(baseline, current).orElseThrow();

        // These forks met two states of the machine (three or more forks in each): an iteration at a kernel entry
        // beyond the slow state's is moved by the one step between the states, to the fast state's side, no further.
        assertThat(a.states()).isNotNull();
        assertThat(a.current().getFirst().getFirst()[0])
                .isCloseTo(30_000 / Math.exp(a.states().step()), within(1.0));
        assertThat(Math.exp(a.states().step())).isCloseTo(12_700.0 / 8700, within(0.03));
    }

    @Test
    void shouldKeepAShiftOfTheCodeThatTheProbeDoesNotExplain() {
        Runs baseline = runs(BASELINE_LEVELS, 5000, 20, 3);
        Runs slower = runs(new double[][] {{200, 201, 199, 200}}, 5500, 20, 4);

        KernelEntryAdjustment a = fit(baseline, slower).orElseThrow();

        assertThat(median(a.current().getFirst().getFirst())
                        / median(a.baseline().getFirst().getFirst()))
                .isCloseTo(1.10, within(0.02));
    }

    @Test
    void shouldNotExtrapolatePastTheBaselinesLevels() {
        Runs baseline = runs(BASELINE_LEVELS, 5000, 20, 5);
        Runs farOff = runs(new double[][] {{400, 400, 400, 400}}, 5000, 20, 6);

        KernelEntryAdjustment a = fit(baseline, farOff).orElseThrow();

        // Measured at 9000 ns; brought down only by the slope times the baseline's highest level (262), not 400.
        double highest = Arrays.stream(BASELINE_LEVELS)
                .flatMapToDouble(Arrays::stream)
                .max()
                .orElseThrow();
        assertThat(median(a.current().getFirst().getFirst()))
                .isCloseTo(9000 - a.slope() * (highest - a.reference()), within(60.0));
    }

    @Test
    void shouldNotAdjustWhenTheBaselineShowsNoSlope() {
        Runs baseline = runs(BASELINE_LEVELS, 5000, 0, 7);
        Runs current = runs(new double[][] {{250, 255, 199, 201}}, 5000, 0, 8);

        assertThat(fit(baseline, current)).isEmpty();
    }

    @Test
    void shouldNotAdjustALatencyThatASlowerKernelMakesFaster() {
        Runs baseline = runs(BASELINE_LEVELS, 5000, -20, 9);
        Runs current = runs(new double[][] {{250, 255, 199, 201}}, 5000, -20, 10);

        assertThat(fit(baseline, current)).isEmpty();
    }

    @Test
    void shouldAdjustARateThatASlowerKernelMakesSlowerAndSayItsUnit() {
        Runs baseline = runs(BASELINE_LEVELS, 5000, -20, 31);
        Runs current = runs(new double[][] {{250, 255, 199, 201}}, 5000, -20, 32);

        KernelEntryAdjustment a = KernelEntryAdjustment.of(
                        Metric.THROUGHPUT, baseline.values, baseline.probes, current.values, current.probes)
                .orElseThrow();

        assertThat(a.slope()).isCloseTo(-20, within(2.0));
        assertThat(a.describe(Metric.THROUGHPUT)).containsPattern("-[0-9.]+ msg/s per ns above it from");
    }

    @Test
    void shouldNotAdjustWithFewForksOrWithoutTheProbe() {
        Runs small = runs(new double[][] {{198, 257, 199, 236}}, 5000, 20, 11);
        Runs current = runs(new double[][] {{250, 255, 199, 201}}, 5000, 20, 12);
        assertThat(fit(small, current)).isEmpty();

        Runs baseline = runs(BASELINE_LEVELS, 5000, 20, 13);
        List<List<double[]>> noProbe = List.of(List.of());
        assertThat(KernelEntryAdjustment.of(Metric.P50, baseline.values, baseline.probes, current.values, noProbe))
                .isEmpty();
    }

    private record Runs(List<List<double[]>> values, List<List<double[]>> probes) {}

    private static java.util.Optional<KernelEntryAdjustment> fit(Runs baseline, Runs current) {
        return KernelEntryAdjustment.of(Metric.P50, baseline.values, baseline.probes, current.values, current.probes);
    }

    // Forks of five iterations at each level; values centre + slope × (level − 200) above the floor at 200 and centre
    // below it, ±1 %; probes ±1 ns.
    private static Runs runs(double[][] levels, double centre, double slope, long seed) {
        return runs(levels, centre, slope, seed, 200);
    }

    // The same with the values following the probe down to {@code floor} (−∞: along one line everywhere).
    private static Runs runs(double[][] levels, double centre, double slope, long seed, double floor) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<double[]>> values = new ArrayList<>();
        List<List<double[]>> probes = new ArrayList<>();
        for (double[] run : levels) {
            List<double[]> v = new ArrayList<>();
            List<double[]> p = new ArrayList<>();
            for (double level : run) {
                double[] fv = new double[5];
                double[] fp = new double[5];
                for (int i = 0; i < 5; i++) {
                    fv[i] = (centre + slope * (Math.max(floor, level) - 200))
                            * (1 + 0.01 * (2 * random.nextDouble() - 1));
                    fp[i] = level + (2 * random.nextDouble() - 1);
                }
                v.add(fv);
                p.add(fp);
            }
            values.add(v);
            probes.add(p);
        }
        return new Runs(values, probes);
    }

    // Runs of four forks of five iterations, each iteration slow (kernel entry 319 ns, 12.7 µs) with chance {@code
    // slow}, else 237 ns and 8.7 µs; values ±1 %, probes ±2 ns.
    private static Runs flipping(int forks, double slow, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<double[]>> values = new ArrayList<>();
        List<List<double[]>> probes = new ArrayList<>();
        for (int run = 0; run < forks / 4; run++) {
            List<double[]> v = new ArrayList<>();
            List<double[]> p = new ArrayList<>();
            for (int fork = 0; fork < 4; fork++) {
                double[] fv = new double[5];
                double[] fp = new double[5];
                for (int i = 0; i < 5; i++) {
                    boolean spell = random.nextDouble() < slow;
                    fv[i] = (spell ? 12_700 : 8700) * (1 + 0.01 * (2 * random.nextDouble() - 1));
                    fp[i] = (spell ? 319 : 237) + 2 * (2 * random.nextDouble() - 1);
                }
                v.add(fv);
                p.add(fp);
            }
            values.add(v);
            probes.add(p);
        }
        return new Runs(values, probes);
    }

    private static double median(double[] values) {
        return RunLevelTest.median(values);
    }

    // Highest fork median over lowest.
    private static double spread(List<List<double[]>> runs) {
        double[] medians = runs.stream()
                .flatMap(List::stream)
                .mapToDouble(KernelEntryAdjustmentTest::median)
                .toArray();
        return Arrays.stream(medians).max().orElseThrow()
                        / Arrays.stream(medians).min().orElseThrow()
                - 1;
    }
}
