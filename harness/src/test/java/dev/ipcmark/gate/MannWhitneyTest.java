package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * ipcmark's use of Apache Commons Statistics' Mann–Whitney U test, checked against published reference values: scipy
 * 1.17's {@code scipy.stats.mannwhitneyu(x, y, alternative=…, method=…)} on the same data, a table of critical values,
 * or counts by hand where the arithmetic is short.
 */
class MannWhitneyTest {
    @Test
    void shouldCountTheExactTailOfCompletelySeparatedSamples() {
        // Hand count: one arrangement in C(6,3) = 20 puts all of x below y; two-sided doubles it: 0.1.
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertThat(r.u()).isZero();
        assertThat(r.pValue()).isCloseTo(0.1, within(1e-12));
        // One-sided: 1 / 20.
        assertThat(MannWhitney.greater(new double[] {4, 5, 6}, new double[] {1, 2, 3})
                        .pValue())
                .isCloseTo(0.05, within(1e-12));
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
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(MannWhitney.test(sampleWithU(23), y).u()).isEqualTo(23);
        assertThat(MannWhitney.test(sampleWithU(23), y).pValue()).isLessThanOrEqualTo(0.05);
        assertThat(MannWhitney.test(sampleWithU(24), y).pValue()).isGreaterThan(0.05);
    }

    /**
     * Ten distinct values whose U against 1..10 is {@code u}: value i lies above k<sub>i</sub> of them, the
     * k<sub>i</sub> adding up to {@code u}; no value equals one of 1..10, so there are no ties.
     */
    private static double[] sampleWithU(int u) {
        double[] x = new double[10];
        int left = u;
        for (int i = 0; i < 10; i++) {
            int above = Math.min(10, left);
            left -= above;
            x[i] = above + 0.5 + i * 0.001;
        }
        return x;
    }

    @Test
    void shouldUseTheTieCorrectedNormalApproximationWithTies() {
        double[] x = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] y = {3, 4, 4, 5, 5, 6, 7, 7, 8};
        MannWhitney.Result r = MannWhitney.test(x, y);
        assertThat(r.u()).isEqualTo(7.5);
        // scipy method='asymptotic', use_continuity=True: 0.006373133838085873.
        assertThat(r.pValue()).isCloseTo(0.006373133838085873, within(1e-9));
    }

    @Test
    void shouldUseTheExactDistributionUpToFiftyValuesASample() {
        double[] a = new double[30];
        double[] b = new double[30];
        for (int i = 0; i < 30; i++) {
            a[i] = i + 1;
            b[i] = i + 1 + 7.5;
        }
        MannWhitney.Result r = MannWhitney.test(a, b);
        assertThat(r.u()).isEqualTo(253.0);
        // The exact two-sided tail, counted with the recurrence f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u)
        // in exact integer arithmetic; scipy's asymptotic approximation of it is 0.003670893392450653.
        assertThat(r.pValue()).isCloseTo(0.0031935408185939456, within(1e-12));
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
