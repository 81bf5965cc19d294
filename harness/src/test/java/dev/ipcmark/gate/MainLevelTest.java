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
        MainLevel level =
                MainLevel.of(baseline, runs(new double[] {640, 185, 300, 400})).orElseThrow();
        assertThat(level.levels()).isEqualTo(2);
        assertThat(level.baselineForks()).isEqualTo(7);
        assertThat(level.high()).isBetween(340.0, 350.0); // √(190 × 630)
        assertThat(level.keptBaseline()).containsExactly(0, 2, 3);
        assertThat(level.currentForks()).isEqualTo(2); // 185 and 300; 400 lies nearer the far level
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
                MainLevel.of(baseline, runs(new double[] {45_000, 45_000})).orElseThrow();
        assertThat(level.baselineForks()).isEqualTo(8);
        assertThat(level.high()).isBetween(56_800.0, 57_000.0); // √(45 500 × 71 000)
    }

    @Test
    void shouldFindNoLevelWhereNoneHoldsThreeQuartersOfTheForksOrTwoHoldTwoEach() {
        // Forks spread ×1.6 apart, each its own level.
        assertThat(MainLevel.of(
                        runs(new double[] {100, 160, 256}, new double[] {410, 655, 1_050}, new double[] {
                            1_680, 2_690, 4_300
                        }),
                        runs(new double[] {100})))
                .isEmpty();
        // Five of eight at one level, three lone forks far from it and from each other.
        assertThat(MainLevel.of(
                        runs(new double[] {100, 100, 101}, new double[] {100, 102, 200}, new double[] {400, 800}),
                        runs(new double[] {100})))
                .isEmpty();
    }

    @Test
    void shouldNeedThreeBaselineRunsWithAForkAtTheLevel() {
        // Six forks at each level (between equals, the fastest is the main one), in two runs each.
        List<List<double[]>> baseline = runs(
                new double[] {180, 180, 180}, new double[] {185, 180, 175}, new double[] {640, 650, 630}, new double[] {
                    640, 640, 630
                });
        assertThat(MainLevel.of(baseline, runs(new double[] {180}))).isEmpty();
    }
}
