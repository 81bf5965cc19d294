package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A spinning case's forks that met a placement of the two CPUs its baseline never met, set aside from their run. */
class ForksAsideTest {
    // As on 2026-12-03: every baseline fork of the spinning 64 B round trip in the far placement.
    private static final List<List<double[]>> FAR_BASELINE = List.of(
            List.of(pair(430, 449), pair(376, 506), pair(412, 384), pair(396, 402)),
            List.of(pair(456, 446), pair(438, 481), pair(435, 434), pair(452, 429)));

    @Test
    void shouldSetAsideTheForksAProbeFoundInAnUnseenPlacement() {
        // An A/A run of 2026-12-03: a fork in the near placement (210 ns) and one that moved there as it ended.
        List<List<double[]>> current =
                List.of(List.of(pair(74.5, 61.1), pair(435, 443), pair(461, 450), pair(445.8, 59.1)));

        ForksAside aside = ForksAside.of(FAR_BASELINE, current).orElseThrow();

        assertThat(aside.count()).isEqualTo(2);
        assertThat(aside.forks()).isEqualTo(4);
        List<List<double[]>> kept = aside.keep(List.of(
                List.of(new double[] {210, 211}, new double[] {602, 603}, new double[] {581}, new double[] {741})));
        assertThat(kept.getFirst()).extracting(f -> f.length).containsExactly(0, 2, 1, 0);
        assertThat(aside.describe())
                .contains("2 of this run's 4 forks")
                .contains("59 to 75 ns")
                .contains("376 to 506 ns around every baseline fork")
                .contains("set aside");
    }

    @Test
    void shouldSetAsideNothingWhenEveryForkMetAPlacementTheBaselineMet() {
        List<List<double[]>> far = List.of(List.of(pair(420, 431), pair(400, 415)));
        assertThat(ForksAside.of(FAR_BASELINE, far)).isEmpty();
    }

    @Test
    void shouldSetAsideNothingWhenARunWouldKeepFewerThanHalfItsForks() {
        // Then the run's median is the unseen placement's, and Placement withholds its change instead.
        List<List<double[]>> mostlyNear = List.of(List.of(pair(61, 55), pair(60, 59), pair(58, 440), pair(400, 415)));
        assertThat(ForksAside.of(FAR_BASELINE, mostlyNear)).isEmpty();

        // Every run must keep half: the run's re-measurement of two forks both in the near placement.
        List<List<double[]>> withConfirmation = List.of(
                List.of(pair(61, 55), pair(420, 431), pair(400, 415), pair(410, 415)),
                List.of(pair(60, 59), pair(58, 62)));
        assertThat(ForksAside.of(FAR_BASELINE, withConfirmation)).isEmpty();
    }

    @Test
    void shouldSetAsideNothingWithoutTheProbe() {
        List<List<double[]>> none = List.of(List.of(new double[0], new double[0]));
        assertThat(ForksAside.of(List.of(List.of()), none)).isEmpty();
        assertThat(ForksAside.of(FAR_BASELINE, none)).isEmpty();
        assertThat(ForksAside.of(FAR_BASELINE, List.of(List.of(pair(Double.NaN, -1), pair(420, 431)))))
                .isEmpty();
    }

    private static double[] pair(double before, double after) {
        return new double[] {before, after};
    }
}
