package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which forks of a metric make levels, and which of them the gate judges. */
class MainLevelTest {
    // Runs of forks, each fork three iterations at its level.
    private static List<List<double[]>> runs(double[]... forkLevels) {
        return Arrays.stream(forkLevels)
                .map(run -> Arrays.stream(run)
                        .mapToObj(level -> new double[] {level * 0.99, level, level * 1.01})
                        .toList())
                .toList();
    }

    @Test
    void shouldFindTheLevelMostBaselineForksMetAndTheRunsThatHaveAForkThere() {
        List<List<double[]>> baseline = runs(
                new double[] {640, 180, 180}, new double[] {640, 650, 630}, new double[] {180, 190, 185}, new double[] {
                    180, 640, 180
                });
        MainLevel level = MainLevel.of(baseline, runs(new double[] {640, 185, 300, 400}), 10)
                .orElseThrow();
        assertThat(level.levels()).isEqualTo(2);
        assertThat(level.baselineAt()).isEqualTo(7);
        assertThat(level.high()).isBetween(340.0, 350.0); // √(190 × 630)
        assertThat(level.keptBaseline()).containsExactly(0, 2, 3);
        assertThat(level.currentAt()).isEqualTo(2); // 185 and 300; 400 lies nearer the far level
        List<List<double[]>> judged = level.baseline();
        assertThat(judged).hasSize(3);
        assertThat(judged.getFirst().getFirst()).isEmpty(); // the far fork of a kept run is left out
    }

    @Test
    void shouldLeaveOutALoneForkFarFromAllTheOthers() {
        List<List<double[]>> baseline =
                runs(new double[] {45_000, 45_500, 71_000}, new double[] {44_800, 45_100, 45_200}, new double[] {
                    45_300, 44_900, 45_000
                });
        MainLevel level =
                MainLevel.of(baseline, runs(new double[] {45_000, 45_000}), 10).orElseThrow();
        assertThat(level.baselineAt()).isEqualTo(8);
        assertThat(level.high()).isBetween(56_800.0, 57_000.0); // √(45 500 × 71 000)
    }

    @Test
    void shouldFindNoLevelWhereNoneHoldsThreeQuartersOfTheForksOrTwoHoldTwoEach() {
        // Forks spread ×1.6 apart, each its own level.
        assertThat(MainLevel.of(
                        runs(new double[] {100, 160, 256}, new double[] {410, 655, 1_050}, new double[] {
                            1_680, 2_690, 4_300
                        }),
                        runs(new double[] {100}),
                        10))
                .isEmpty();
        // Five of eight at one level, three lone forks far from it and from each other.
        assertThat(MainLevel.of(
                        runs(new double[] {100, 100, 101}, new double[] {100, 102, 200}, new double[] {400, 800}),
                        runs(new double[] {100}),
                        10))
                .isEmpty();
    }

    @Test
    void shouldNeedThreeBaselineRunsWithAForkAtTheLevel() {
        // Six forks at each level (between equals, the fastest is the main one), in two runs each.
        List<List<double[]>> baseline = runs(
                new double[] {180, 180, 180}, new double[] {185, 180, 175}, new double[] {640, 650, 630}, new double[] {
                    640, 640, 630
                });
        assertThat(MainLevel.of(baseline, runs(new double[] {180}), 10)).isEmpty();
    }

    // Runs of four forks of five iterations each, every iteration at 16.5 µs or, where its fork's pattern says so
    // ('s'), at 22.5 µs; each value a little apart from the others.
    private static List<List<double[]>> switching(String... runs) {
        int[] seen = {0};
        return Arrays.stream(runs)
                .map(run -> Arrays.stream(run.split(" "))
                        .map(fork -> fork.chars()
                                .mapToDouble(c -> (c == 's' ? 22_500 : 16_500) * (1 + 0.002 * (seen[0]++ % 7 - 3)))
                                .toArray())
                        .toList())
                .toList();
    }

    @Test
    void shouldJudgeAtTheLevelMostIterationsMetWhenTheHostSwitchesWithinForks() {
        List<List<double[]>> baseline = switching(
                "fffff sssss fffff ffsff",
                "fffff fffff sssff fffff",
                "ssfff fffff fffff sssss",
                "fffff ffffs fffff fffff",
                "fffss fffff sssss fffff");
        // The forks' medians lie at the two levels, ×1.36 apart: too near for levels of forks.
        List<List<double[]>> current = switching("ssfff sssss fffff sssss");
        MainLevel level = MainLevel.of(baseline, current, 10).orElseThrow();
        assertThat(level.byIteration()).isTrue();
        assertThat(level.high()).isBetween(19_200.0, 19_400.0); // √(16 500 × 22 500)
        assertThat(level.baselineAt()).isEqualTo(76);
        assertThat(level.currentAt()).isEqualTo(8);
        assertThat(level.keptBaseline()).containsExactly(0, 1, 2, 3, 4);
        assertThat(level.current().getFirst().get(0)).hasSize(3);
        assertThat(level.current().getFirst().get(1)).isEmpty();
        assertThat(level.current().getFirst().get(2)).hasSize(5);
        // The forks' probes go with their iterations.
        List<List<double[]>> probes = current.stream()
                .map(run -> run.stream()
                        .map(f -> Arrays.stream(f).map(v -> v / 10).toArray())
                        .toList())
                .toList();
        assertThat(level.currentAlongside(current, probes).getFirst().get(0))
                .containsExactly(Arrays.stream(current.getFirst().get(0))
                        .filter(v -> v < 19_000)
                        .map(v -> v / 10)
                        .toArray());
    }

    @Test
    void shouldNotJudgeAtALevelOfIterationsARunHasTooFewValuesAt() {
        List<List<double[]>> baseline =
                switching("fffff sssss fffff fffff", "fffff fffff sssff fffff", "ssfff fffff fffff sssss");
        MainLevel level =
                MainLevel.of(baseline, switching("ssfsf sssss sssss sssss"), 10).orElseThrow();
        assertThat(level.reached()).isFalse();
        assertThat(level.describe(dev.ipcmark.scenario.Metric.P50)).contains("too few of this run's 20 iterations");
    }

    @Test
    void shouldFindNoLevelsOfIterationsInAOneHumpedSpreadOrTwoLevelsTooNearForTheThreshold() {
        // 60 iterations spread evenly from 6 to 14 µs: Otsu's halves lie ×1.5 apart, with a third of them between.
        List<List<double[]>> even = List.of(0, 1, 2).stream()
                .map(r -> List.of(0, 1, 2, 3).stream()
                        .map(f -> java.util.stream.IntStream.range(0, 5)
                                .mapToDouble(i -> 10_000 * (0.6 + 0.8 * ((r * 20 + f * 5 + i) * 37 % 60) / 59.0))
                                .toArray())
                        .toList())
                .toList();
        assertThat(MainLevel.of(even, even, 10)).isEmpty();
        List<List<double[]>> twoLevels =
                switching("fffff sssss fffff fffff", "fffff fffff sssff fffff", "ssfff fffff fffff sssss");
        assertThat(MainLevel.of(twoLevels, twoLevels, 10)).isPresent();
        // The same levels (×1.36 apart) leave too little room for a 20 % threshold: a change of 20 % would carry
        // iterations across the bound between them.
        assertThat(MainLevel.of(twoLevels, twoLevels, 20)).isEmpty();
    }
}
