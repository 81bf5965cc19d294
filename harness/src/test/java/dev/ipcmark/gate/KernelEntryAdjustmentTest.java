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
    // Levels of a null system call (ns) as a VM's forks meet them: mostly ~200, some in a slow spell.
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
        // Raw, the current forks span 5000 to 6100 ns; adjusted, they all sit at the baseline's level.
        for (double[] fork : a.current().getFirst()) {
            assertThat(median(fork)).isCloseTo(5000 + 20 * (a.reference() - 200), within(60.0));
        }
        assertThat(spread(a.baseline())).isLessThan(spread(baseline.values) / 5);
        assertThat(a.describe()).contains("kernel entry").contains("12 forks");
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

    // Forks of five iterations at each level; values centre + slope × (level − 200), ±1 %; probes ±1 ns.
    private static Runs runs(double[][] levels, double centre, double slope, long seed) {
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
                    fv[i] = (centre + slope * (level - 200)) * (1 + 0.01 * (2 * random.nextDouble() - 1));
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
