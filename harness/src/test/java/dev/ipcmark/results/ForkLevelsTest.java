package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Forks (fresh JVMs) that each settle at their own level: found, measured and said; nothing found otherwise. */
class ForkLevelsTest {
    private static final String KEY = "ping-pong/shm/sync=spin/size=64";

    @Test
    void shouldFindForksThatSettledAtTheirOwnLevels() {
        // Iteration p50s (ns) of ci.yaml's spinning shm round trip in one run on the 2-vCPU VM: two forks near
        // 440 ns, two near 520 ns, each steady within itself.
        List<double[]> forks = List.of(
                new double[] {452, 438, 437, 440, 441},
                new double[] {523, 524, 522, 520, 524},
                new double[] {465, 465, 466, 467, 465},
                new double[] {521, 510, 510, 514, 517});
        ForkLevels f = ForkLevels.of(KEY, forks).orElseThrow();
        assertThat(f.forks()).isEqualTo(4);
        assertThat(f.low()).isEqualTo(440);
        assertThat(f.high()).isEqualTo(523);
        assertThat(f.apartPercent()).isCloseTo(100 * (523 / 440.0 - 1), within(1e-9));
        // Within a fork: the median over the forks of (slowest ÷ fastest iteration − 1).
        assertThat(f.withinPercent()).isCloseTo(100 * ((524 / 520.0 - 1) + (521 / 510.0 - 1)) / 2, within(1e-9));
        assertThat(f.pValue()).isLessThan(1e-6);
        assertThat(f.sentence())
                .startsWith(KEY + ": each fork settled at its own level, 440 ns to 523 ns over 4 forks (19 % apart")
                .contains("more forks, not longer iterations");
    }

    @Test
    void shouldSayWhenTheForksFollowedWhereTheHostPlacedTheCpus() {
        // The spinning 64 B round trip in a ci.yaml run of 2026-12-03 (AMD EPYC VM): one fork at 210 ns, with the
        // command's cache-line probe before and after it at 58 and 56 ns; the others near 600 ns, the probe near 440.
        List<List<Double>> p50 = List.of(
                List.of(592.0, 590.0, 588.0, 591.0, 590.0),
                List.of(211.0, 210.0, 209.0, 210.0, 212.0),
                List.of(591.0, 590.0, 593.0, 591.0, 589.0),
                List.of(611.0, 612.0, 610.0, 611.0, 609.0));
        List<double[]> arrays = p50.stream()
                .map(f -> f.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
        ForkLevels found = ForkLevels.of(KEY, arrays).orElseThrow();
        ForkLevels placed = found.placedBy(
                p50, List.of(List.of(471.0, 449.0), List.of(58.0, 56.0), List.of(443.0, 437.0), List.of(445.0, 435.0)));
        assertThat(placed.sentence())
                .startsWith(found.sentence())
                .endsWith("; the cache-line probe between the two CPUs read 57 ns around its fastest fork and 440 ns"
                        + " around its slowest: the forks followed where the host placed the two CPUs");
        // A probe that read the same around every fork says nothing about the levels; nor does a run without it.
        assertThat(found.placedBy(
                                p50,
                                List.of(
                                        List.of(440.0, 441.0),
                                        List.of(430.0, 445.0),
                                        List.of(443.0, 437.0),
                                        List.of(445.0, 435.0)))
                        .sentence())
                .isEqualTo(found.sentence());
        assertThat(found.placedBy(p50, List.of()).sentence()).isEqualTo(found.sentence());
        // Nor does a pair that is not two numbers, as a hand-edited run.json may hold.
        java.util.List<Double> broken = new java.util.ArrayList<>();
        broken.add(null);
        broken.add(56.0);
        assertThat(found.placedBy(
                                p50,
                                List.of(List.of(471.0, 449.0), broken, List.of(443.0, 437.0), List.of(445.0, 435.0)))
                        .sentence())
                .isEqualTo(found.sentence());
    }

    @Test
    void shouldLeaveAloneForksWhoseDifferencesAreWithinTheirOwnNoise() {
        List<double[]> forks = List.of(
                new double[] {2600, 2480, 2450, 2460, 2440},
                new double[] {2500, 2470, 2700, 2460, 2430},
                new double[] {2450, 2440, 2460, 2420, 2470});
        assertThat(ForkLevels.of(KEY, forks)).isEmpty();
    }

    @Test
    void shouldLeaveAloneADifferenceTooSmallToMatterHoweverSure() {
        // 2 % apart and each fork exactly steady: certain, but below what a reader needs to know.
        List<double[]> forks = List.of(new double[] {1000, 1000, 1000, 1000}, new double[] {1020, 1020, 1020, 1020});
        assertThat(ForkLevels.of(KEY, forks)).isEmpty();
    }

    @Test
    void shouldNotJudgeOneForkOrForksWithTooFewIterations() {
        assertThat(ForkLevels.of(KEY, List.of(new double[] {440, 441, 439, 440})))
                .isEmpty();
        assertThat(ForkLevels.of(KEY, List.of(new double[] {440, 441}, new double[] {520, 521})))
                .isEmpty();
    }

    @Test
    void shouldPrintAHeadingAndOneLinePerCaseOrNothing() {
        assertThat(ForkLevels.lines(List.of())).isEmpty();
        ForkLevels f = new ForkLevels(KEY, 440, 523, 2.0, 1e-9, 4);
        assertThat(ForkLevels.lines(List.of(f))).containsExactly(ForkLevels.heading(1), "  " + f.sentence());
    }
}
