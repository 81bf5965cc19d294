package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/** The empirical-Bayes prior recovers the distribution the variances were drawn from. */
class NoisePriorTest {
    @Test
    void shouldRecoverThePriorOfManyCasesVariances() {
        // Each case's true variance: s0² · d0 / χ²(d0), with s0² = 0.004 (a 6.3 % run-to-run spread) and d0 = 12;
        // each case's sample variance of 5 runs: its true variance · χ²(4) / 4.
        UniformRandomProvider rng = new java.util.SplittableRandom(2026)::nextLong;
        var prior = ChiSquaredDistribution.of(12).createSampler(rng);
        var sample = ChiSquaredDistribution.of(4).createSampler(rng);
        double[] variances = new double[4000];
        for (int i = 0; i < variances.length; i++) {
            double truth = 0.004 * 12 / prior.sample();
            variances[i] = truth * sample.sample() / 4;
        }
        NoisePrior fitted = NoisePrior.fit(variances, 4);
        assertThat(fitted.variance()).isBetween(0.0036, 0.0044);
        assertThat(fitted.df()).isBetween(8.0, 18.0);
        assertThat(fitted.degreesOfFreedom(4)).isBetween(12, 22);
    }

    @Test
    void shouldTreatCasesThatShareOneVarianceAsSharingIt() {
        UniformRandomProvider rng = new java.util.SplittableRandom(7)::nextLong;
        var sample = ChiSquaredDistribution.of(4).createSampler(rng);
        double[] variances = new double[2000];
        for (int i = 0; i < variances.length; i++) {
            variances[i] = 0.01 * sample.sample() / 4;
        }
        NoisePrior fitted = NoisePrior.fit(variances, 4);
        assertThat(fitted.df()).as("far more than the cases' own 4").isGreaterThan(40);
        assertThat(fitted.moderate(0.05, 4)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void shouldNotFitFromTooFewCases() {
        assertThat(NoisePrior.fit(new double[] {0.01, 0.02, 0.03}, 4)).isEqualTo(NoisePrior.NONE);
        assertThat(NoisePrior.NONE.moderate(0.05, 4)).isEqualTo(0.05);
        assertThat(NoisePrior.NONE.degreesOfFreedom(4)).isEqualTo(4);
    }

    @Test
    void shouldInvertTrigamma() {
        for (double y : new double[] {0.1, 1, 2.5, 10, 300}) {
            assertThat(NoisePrior.trigammaInverse(org.apache.commons.numbers.gamma.Trigamma.value(y)))
                    .isCloseTo(y, org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
    }
}
