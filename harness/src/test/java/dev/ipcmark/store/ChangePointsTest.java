package dev.ipcmark.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** E-divisive on generated series whose change points are known: precision and recall, and silence on a flat series. */
class ChangePointsTest {
    private static final int TOLERANCE = 3;

    /** A series of {@code n} points around 100 with Gaussian noise {@code noise}, shifted by {@code shifts} at {@code at}. */
    private static double[] series(int n, double noise, int[] at, double[] shifts, Random random) {
        double[] x = new double[n];
        double level = 100;
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (next < at.length && i == at[next]) {
                level *= 1 + shifts[next++];
            }
            x[i] = level * (1 + noise * random.nextGaussian());
        }
        return x;
    }

    @Test
    void shouldFindKnownChangePointsWithHighPrecisionAndRecall() {
        Random random = new Random(20261129);
        int truePositives = 0;
        int found = 0;
        int planted = 0;
        for (int s = 0; s < 60; s++) {
            int changes = random.nextInt(4);
            int[] at = new int[changes];
            double[] shifts = new double[changes];
            int position = 0;
            for (int c = 0; c < changes; c++) {
                position += 25 + random.nextInt(40);
                at[c] = position;
                // Shifts of 8 % to 40 %, up or down, in 3 % noise: what a regression and its fix look like.
                shifts[c] = (0.08 + 0.32 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            }
            double[] x = series(position + 40, 0.03, at, shifts, random);
            List<ChangePoints.Change> detected = ChangePoints.of(x, ChangePoints.DEFAULT_MAX_P);
            planted += changes;
            found += detected.size();
            List<Integer> unmatched = new ArrayList<>();
            for (int a : at) {
                unmatched.add(a);
            }
            for (ChangePoints.Change d : detected) {
                Integer hit = unmatched.stream()
                        .filter(a -> Math.abs(a - d.index()) <= TOLERANCE)
                        .findFirst()
                        .orElse(null);
                if (hit != null) {
                    truePositives++;
                    unmatched.remove(hit);
                }
            }
        }
        double precision = (double) truePositives / found;
        double recall = (double) truePositives / planted;
        assertThat(planted).isGreaterThan(60);
        assertThat(precision).as("precision over %d found", found).isGreaterThanOrEqualTo(0.9);
        assertThat(recall).as("recall over %d planted", planted).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldFindNothingInAFlatNoisySeries() {
        Random random = new Random(7);
        int falseAlarms = 0;
        for (int s = 0; s < 50; s++) {
            falseAlarms += ChangePoints.of(
                            series(200, 0.05, new int[0], new double[0], random), ChangePoints.DEFAULT_MAX_P)
                    .size();
        }
        assertThat(falseAlarms).as("false change points in 50 flat series").isLessThanOrEqualTo(2);
    }

    @Test
    void shouldSayWhereAndHowMuch() {
        double[] x = series(100, 0.01, new int[] {60}, new double[] {0.25}, new Random(1));
        assertThat(ChangePoints.of(x, ChangePoints.DEFAULT_MAX_P))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.index()).isBetween(59, 61);
                    assertThat(c.percent()).isBetween(20.0, 30.0);
                    assertThat(c.pValue()).isLessThan(1e-6);
                });
    }

    @Test
    void shouldScoreTenThousandPointsFast() {
        double[] x = series(10_000, 0.03, new int[] {5000}, new double[] {0.1}, new Random(3));
        long start = System.nanoTime();
        List<ChangePoints.Change> changes = ChangePoints.of(x, ChangePoints.DEFAULT_MAX_P);
        assertThat(changes).anySatisfy(c -> assertThat(c.index()).isBetween(4990, 5010));
        // Behaviour, not a speed target: quadratic scoring would take minutes here.
        assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
    }
}
