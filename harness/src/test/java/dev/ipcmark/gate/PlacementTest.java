package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A spinning case's run in a placement of the two CPUs its baseline never met, by the cache-line probe. */
class PlacementTest {
    // As on 2026-12-03: every baseline fork of the spinning 64 KiB round trip in the far placement.
    private static final List<List<double[]>> FAR_BASELINE = List.of(
            List.of(pair(430, 449), pair(376, 506), pair(412, 384), pair(396, 402)),
            List.of(pair(456, 446), pair(438, 481), pair(435, 434), pair(452, 429)),
            List.of(pair(440, 405), pair(398, 521), pair(417, 387), pair(366, 407)));

    @Test
    void shouldSeeARunWhoseForksAllMetAPlacementTheBaselineNeverMet() {
        List<List<double[]>> near = List.of(List.of(pair(96, 59), pair(61, 55), pair(60, 59), pair(64, 64)));

        Placement p = Placement.unseen(FAR_BASELINE, near).orElseThrow();

        assertThat(p.unseen()).isEqualTo(4);
        assertThat(p.forks()).isEqualTo(4);
        assertThat(p.nearer()).isTrue();
        assertThat(p.describe())
                .contains("55 to 96 ns around 4 of this run's 4 forks")
                .contains("366 to 521 ns around every baseline fork");
    }

    @Test
    void shouldTellAFartherPlacementFromANearerOne() {
        List<List<double[]>> nearBaseline = List.of(List.of(pair(61, 55), pair(60, 59), pair(64, 70)));
        List<List<double[]>> far = List.of(List.of(pair(430, 449), pair(376, 506)));

        assertThat(Placement.unseen(nearBaseline, far).orElseThrow().nearer()).isFalse();
    }

    @Test
    void shouldNotSeeItWhenMostForksMetAPlacementTheBaselineMet() {
        // Three of four forks where the baseline was; one fork that changed placement during its run.
        List<List<double[]>> mostlyFar = List.of(List.of(pair(60, 58), pair(420, 431), pair(58, 440), pair(400, 415)));
        assertThat(Placement.unseen(FAR_BASELINE, mostlyFar)).isEmpty();

        // A baseline that met both placements has seen the near one.
        List<List<double[]>> mixed = List.of(List.of(pair(402, 72), pair(58, 449), pair(418, 412), pair(409, 384)));
        List<List<double[]>> near = List.of(List.of(pair(61, 55), pair(60, 59)));
        assertThat(Placement.unseen(mixed, near)).isEmpty();
    }

    @Test
    void shouldCountTwoForksOfFourAsTheRunsMedian() {
        List<List<double[]>> half = List.of(List.of(pair(61, 55), pair(60, 59), pair(420, 431), pair(400, 415)));
        assertThat(Placement.unseen(FAR_BASELINE, half).orElseThrow().unseen()).isEqualTo(2);
    }

    @Test
    void shouldSayNothingWithoutTheProbe() {
        List<List<double[]>> none = List.of(List.of(new double[0], new double[0]));
        assertThat(Placement.unseen(List.of(List.of()), none)).isEmpty();
        assertThat(Placement.unseen(FAR_BASELINE, none)).isEmpty();
        // Runs made before the probe was kept, and a probe that is not a number.
        assertThat(Placement.unseen(FAR_BASELINE, List.of(List.of(pair(Double.NaN, -1)))))
                .isEmpty();
    }

    private static double[] pair(double before, double after) {
        return new double[] {before, after};
    }
}
