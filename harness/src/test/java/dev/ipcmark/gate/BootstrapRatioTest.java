package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapRatioTest {
    @Test
    void shouldTakeMediansOfOddAndEvenCounts() {
        assertThat(BootstrapRatio.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(BootstrapRatio.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void shouldCentreOnTheRatioOfMediansAndBeRepeatable() {
        List<double[]> base = List.of(new double[] {100, 101, 99, 102, 98, 100, 103, 97});
        List<double[]> doubled = List.of(new double[] {200, 202, 198, 204, 196, 200, 206, 194});
        BootstrapRatio.Interval i = BootstrapRatio.of(base, doubled, 0.99);
        assertThat(i.ratio()).isCloseTo(2.0, within(1e-12));
        assertThat(i.low()).isGreaterThan(1.9);
        assertThat(i.high()).isLessThan(2.1);
        assertThat(i.excludesOne()).isTrue();
        assertThat(BootstrapRatio.of(base, doubled, 0.99)).isEqualTo(i);
    }

    @Test
    void shouldContainOneWhenNothingChanged() {
        List<double[]> a = List.of(new double[] {10, 12, 11, 13, 9}, new double[] {11, 10, 12, 12, 10});
        BootstrapRatio.Interval i = BootstrapRatio.of(a, a, 0.99);
        assertThat(i.ratio()).isEqualTo(1.0);
        assertThat(i.excludesOne()).isFalse();
    }

    @Test
    void shouldNotMistakeADifferenceBetweenForksForOneBetweenRuns() {
        // The baseline had a fast fork and a slow one (e.g. the two processes on cores that share a cache, then not);
        // the current run had two slow ones. Pooled, the medians differ by a third, and iterations alone would call
        // that certain; resampling forks first shows the current run is within what the baseline's forks did.
        List<double[]> base = List.of(new double[] {10, 10.1, 9.9, 10, 10.2}, new double[] {20, 20.1, 19.9, 20, 20.2});
        List<double[]> cur = List.of(new double[] {20, 20.1, 19.9, 20, 20.2}, new double[] {20, 19.8, 20.1, 20, 20.3});
        BootstrapRatio.Interval i = BootstrapRatio.of(base, cur, 0.99);
        assertThat(i.ratio()).isGreaterThan(1.3);
        assertThat(i.low()).isLessThanOrEqualTo(1.0);
        assertThat(i.excludesOne()).isFalse();
    }
}
