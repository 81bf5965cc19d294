package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference p-values are scipy 1.17's {@code scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=…)} on the
 * same data, or counted by hand where the arithmetic is short.
 */
class MannWhitneyTest {
    @Test
    void shouldCountTheExactTailOfCompletelySeparatedSamples() {
        // Hand count: one arrangement in C(6,3) = 20 puts all of x below y; two-sided doubles it: 0.1.
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertThat(r.u()).isZero();
        assertThat(r.exact()).isTrue();
        assertThat(r.pValue()).isCloseTo(0.1, within(1e-12));
        // 2 / C(10,5) = 2 / 252.
        assertThat(MannWhitney.test(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10})
                        .pValue())
                .isCloseTo(2.0 / 252, within(1e-12));
    }

    @Test
    void shouldMatchScipyExactForOverlappingSamples() {
        double[] x = {12.1, 13.4, 11.8, 15.2, 14.9, 13.3, 12.7, 16.1};
        double[] y = {14.2, 15.9, 16.4, 13.9, 17.3, 18.0, 15.1, 16.8, 17.7};
        MannWhitney.Result r = MannWhitney.test(x, y);
        assertThat(r.u()).isEqualTo(9.0);
        assertThat(r.pValue()).isCloseTo(0.007897984368572603, within(1e-12));
        assertThat(MannWhitney.test(y, x).pValue()).isCloseTo(r.pValue(), within(1e-12));
    }

    @Test
    void shouldAgreeWithThePublishedCriticalValueForTenAndTen() {
        // Tables of critical U (two-tailed, alpha 0.05): n1 = n2 = 10 gives 23, so U = 23 is significant and 24 not.
        assertThat(MannWhitney.exactTwoSided(23, 10, 10)).isLessThanOrEqualTo(0.05);
        assertThat(MannWhitney.exactTwoSided(24, 10, 10)).isGreaterThan(0.05);
        double total = 0;
        for (double count : MannWhitney.distribution(10, 10)) {
            total += count;
        }
        assertThat(total).isEqualTo(184_756); // C(20, 10)
    }

    @Test
    void shouldUseTheTieCorrectedNormalApproximationWithTies() {
        double[] x = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] y = {3, 4, 4, 5, 5, 6, 7, 7, 8};
        MannWhitney.Result r = MannWhitney.test(x, y);
        assertThat(r.exact()).isFalse();
        assertThat(r.u()).isEqualTo(7.5);
        // scipy method='asymptotic', use_continuity=True: 0.006373133838085873; erfc is good to about 1e-7.
        assertThat(r.pValue()).isCloseTo(0.006373133838085873, within(1e-6));
    }

    @Test
    void shouldUseTheNormalApproximationForLargeSamples() {
        double[] a = new double[30];
        double[] b = new double[30];
        for (int i = 0; i < 30; i++) {
            a[i] = i + 1;
            b[i] = i + 1 + 7.5;
        }
        MannWhitney.Result r = MannWhitney.test(a, b);
        assertThat(r.exact()).isFalse();
        assertThat(r.u()).isEqualTo(253.0);
        assertThat(r.pValue()).isCloseTo(0.003670893392450653, within(1e-6));
    }

    @Test
    void shouldFindNoDifferenceBetweenIdenticalSamples() {
        assertThat(MannWhitney.test(new double[] {5, 5, 5}, new double[] {5, 5, 5})
                        .pValue())
                .isEqualTo(1.0);
        assertThat(MannWhitney.test(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4})
                        .pValue())
                .isEqualTo(1.0);
    }
}
