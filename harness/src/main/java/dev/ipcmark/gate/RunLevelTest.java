package dev.ipcmark.gate;

import dev.ipcmark.results.NestedBootstrap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The change of one metric between a baseline and the current run, judged at the level of runs, the unit that is
 * independent on a shared machine: forks of one run share its minutes of the host, iterations of one fork share its
 * JVM. Each run is summarised by the logarithm of its median; the baseline by the mean of its runs' summaries.
 *
 * <p>How noisy a run's summary is comes from the baseline's own runs when it has three or more: their spread. The
 * current run is taken to be as noisy as one baseline run, so the standard error of the difference is σ·√(1/C + 1/R)
 * for R baseline and C current runs, on Student's t with R − 1 degrees of freedom: a prediction of where one more run
 * of the same code would land. A current run noisier within than the baseline's runs were (its forks met a slow spell
 * of the machine, or fell into different levels) has that excess added to its share: the within-run noise of a run is
 * what resampling it shows (a nested bootstrap: forks with replacement, then iterations within each drawn fork, which
 * no library does), and only what exceeds the noisiest baseline run's is used: a run as noisy as one the baseline
 * holds is already in the baseline's spread, and counting its difference from their average made A/A comparisons
 * "too noisy" whenever four forks happened to disagree a little more than usual. The resampling on
 * its own overstates how far a run's median moves: in blocking round trips whose runs' medians agreed within 0.1 to
 * 0.6 %, a few disturbed iterations in some forks made it ±2 to 7 %, and taken as a floor under σ (as ipcmark once
 * did) it made such metrics "too noisy to gate" against a 10 % threshold. The floor under σ is instead what a run of
 * as many whole forks, drawn from all the baseline's forks, shows ({@link #forkPoolVariance}): nothing for forks that
 * agree, the draw of levels for forks that settle apart. With fewer than three baseline
 * runs the run-to-run noise is unknown and only the within-run noise can be used (forks as the units), which a slow
 * spell of the machine can fool; the result says so.
 *
 * <p>Five runs make a poor estimate of a variance on their own (Student's t with 4 degrees of freedom has heavy tails),
 * so each case's between-run variance is moderated towards what the comparison's other cases show for the same metric
 * ({@link NoisePrior}, Smyth's empirical Bayes), and tested with the prior's degrees of freedom added to its own.
 *
 * <p>The minimum detectable change is the change this test would call significant four times in five (power 0.8) at
 * the level it tests at: (t<sub>1−α</sub> + t<sub>0.8</sub>) standard errors.
 */
final class RunLevelTest {
    /** Probability with which a change of the minimum detectable size is detected. */
    static final double POWER = 0.8;
    /** The equivalence test's level: unchanged means its (1 − 2 × this) interval lies within the threshold (TOST). */
    static final double EQUIVALENCE_ALPHA = 0.05;
    /** Fewest baseline runs whose spread stands for the run-to-run noise. */
    static final int MIN_RUNS_FOR_SPREAD = 3;

    private static final int RESAMPLES = 400;
    private static final long SEED = 0x1bc_3a7_2026L;
    private static final int MOST_RUNS_SUGGESTED = 50;
    /** The most forks per run the gate suggests: past that, a scenario's run takes longer than a gate should. */
    static final int MOST_FORKS_SUGGESTED = 32;

    private RunLevelTest() {}

    /**
     * The estimate.
     *
     * @param ratio current ÷ baseline (geometric means of the runs' medians)
     * @param low lower end of the two-sided (1 − α) interval of the ratio
     * @param high upper end
     * @param equivalenceLow lower end of the (1 − 2 × 0.05) interval, for the equivalence test
     * @param equivalenceHigh its upper end
     * @param pWorse one-sided p-value of "the current run is worse"
     * @param pBetter one-sided p-value of "the current run is better"
     * @param detectablePercent the smallest change, in percent, detected with power 0.8 at {@code mdcAlpha}
     * @param runsNeeded how many baseline runs would bring the detectable change within the threshold (null: more runs
     *     cannot; 0: it is within already)
     * @param forksNeeded how many forks per run, the baseline's and the gated run's alike, would bring it within the
     *     threshold with the baseline's runs as many as now (null: up to {@value #MOST_FORKS_SUGGESTED} cannot, or a
     *     baseline run of one fork cannot tell what forks bring, or too few runs; 0: it is within already)
     * @param basis what the noise was judged from, for people
     * @param betweenRuns whether it was judged from the spread between the baseline's runs (else within runs)
     */
    record Estimate(
            double ratio,
            double low,
            double high,
            double equivalenceLow,
            double equivalenceHigh,
            double pWorse,
            double pBetter,
            double detectablePercent,
            Integer runsNeeded,
            Integer forksNeeded,
            String basis,
            boolean betweenRuns) {}

    /**
     * Compares {@code current} runs with {@code baseline} runs (each run a list of forks, each fork its iterations'
     * values, all positive); {@code alpha} for the interval, {@code mdcAlpha} for the detectable change (the level a
     * lone regression must pass once corrected for the run's other tests).
     */
    static Estimate of(
            List<List<double[]>> baseline,
            List<List<double[]>> current,
            boolean higherIsBetter,
            double alpha,
            double mdcAlpha,
            double thresholdPercent,
            NoisePrior prior) {
        SplittableRandom random = new SplittableRandom(SEED);
        double[] b = baseline.stream().mapToDouble(RunLevelTest::summary).toArray();
        double[] c = current.stream().mapToDouble(RunLevelTest::summary).toArray();
        double[] withinEach =
                baseline.stream().mapToDouble(r -> withinVariance(r, random)).toArray();
        double withinB = Arrays.stream(withinEach).average().orElse(0);
        double withinC = current.stream()
                .mapToDouble(r -> withinVariance(r, random))
                .average()
                .orElse(0);
        int runs = b.length;
        double d = mean(c) - mean(b);
        double sigma2;
        double excess = 0;
        boolean floored = false; // the spread is the fork floor's, not the runs'
        int baselineForks = (int) baseline.stream()
                .flatMap(List::stream)
                .filter(f -> f.length > 0)
                .count();
        double se2;
        int df;
        String basis;
        if (runs >= MIN_RUNS_FOR_SPREAD) {
            double moderated = prior.moderate(variance(b), runs - 1);
            int forks = (int) Math.round(
                    current.stream().mapToInt(RunLevelTest::forkCount).average().orElse(1));
            double drawn = forkPoolVariance(baseline, Math.max(1, forks), random);
            floored = drawn > moderated;
            sigma2 = Math.max(moderated, drawn);
            excess = Math.max(0, withinC - Arrays.stream(withinEach).max().orElse(0));
            se2 = sigma2 * (1.0 / c.length + 1.0 / runs) + excess / c.length;
            df = degrees(prior, runs, floored, baselineForks);
            basis = "the spread of the baseline's " + runs + " runs"
                    + (prior.df() > 0 && !floored
                            ? ", moderated by the other cases' (" + df + " degrees of freedom)"
                            : "")
                    + (floored
                            ? ", at least what a run of " + forks + " forks drawn from the baseline's " + baselineForks
                                    + " shows (its forks settle apart)"
                            : "")
                    + (excess / c.length > se2 / 5
                            ? ", and this run's forks, which disagree more than theirs did"
                            : "");
        } else {
            sigma2 = Math.max(withinB, withinC);
            se2 = withinC / c.length + withinB / runs;
            int forks = baseline.stream().mapToInt(List::size).sum()
                    + current.stream().mapToInt(List::size).sum();
            df = Math.max(2, forks - 2);
            basis = "the forks within runs (a baseline of " + runs + " run" + (runs == 1 ? "" : "s")
                    + " says nothing of the run-to-run noise; save " + MIN_RUNS_FOR_SPREAD
                    + " or more with ipcmark baseline add)";
        }
        double se = Math.max(Math.sqrt(se2), 1e-9);
        TDistribution t = TDistribution.of(df);
        double q = t.inverseSurvivalProbability(alpha / 2);
        double qe = t.inverseSurvivalProbability(EQUIVALENCE_ALPHA);
        double z = d / se;
        double pHigher = t.survivalProbability(z);
        double pLower = t.cumulativeProbability(z);
        double detectableLog = detectableLog(t, mdcAlpha, se);
        Integer runsNeeded = null;
        Integer forksNeeded = null;
        double tolerance = Math.log(1 + thresholdPercent / 100);
        if (Double.isNaN(thresholdPercent) || detectableLog <= tolerance) {
            runsNeeded = 0;
            forksNeeded = 0;
        } else if (runs >= MIN_RUNS_FOR_SPREAD) {
            forksNeeded = forksNeeded(baseline, current, sigma2, excess, prior, mdcAlpha, tolerance, random);
            for (int r = runs + 1; r <= MOST_RUNS_SUGGESTED; r++) {
                double seR = Math.sqrt(sigma2 * (1.0 / c.length + 1.0 / r) + excess / c.length);
                if (detectableLog(TDistribution.of(degrees(prior, r, floored, baselineForks)), mdcAlpha, seR)
                        <= tolerance) {
                    runsNeeded = r;
                    break;
                }
            }
        } else {
            runsNeeded = MIN_RUNS_FOR_SPREAD;
        }
        return new Estimate(
                Math.exp(d),
                Math.exp(d - q * se),
                Math.exp(d + q * se),
                Math.exp(d - qe * se),
                Math.exp(d + qe * se),
                higherIsBetter ? pLower : pHigher,
                higherIsBetter ? pHigher : pLower,
                (Math.exp(detectableLog) - 1) * 100,
                runsNeeded,
                forksNeeded,
                basis,
                runs >= MIN_RUNS_FOR_SPREAD);
    }

    /**
     * The fewest forks per run, above the runs' own, with which the detectable change would lie within {@code
     * tolerance} (a log ratio), or null when up to {@value #MOST_FORKS_SUGGESTED} would not. A run's summary moves
     * with the minutes of the machine it met, which forks do not average away, and with the draw of its forks' levels,
     * which they do. The draw is what runs of F forks drawn from the baseline's forks show, each fork taken relative to
     * its own run's median so that the machine's minutes are left out; the machine's share is what of the run-level
     * {@code sigma2} that draw does not explain at the runs' own forks. The floor under σ (forks drawn as they were
     * measured, {@link #forkPoolVariance}) and this run's {@code excess} fall with more forks too. A model, not a
     * measurement: it says which way to go and about how far, and a scenario given that many forks shows what they
     * bring.
     */
    private static Integer forksNeeded(
            List<List<double[]>> baseline,
            List<List<double[]>> current,
            double sigma2,
            double excess,
            NoisePrior prior,
            double mdcAlpha,
            double tolerance,
            SplittableRandom random) {
        int runs = baseline.size();
        int forksNow = (int) Math.round(
                baseline.stream().mapToInt(RunLevelTest::forkCount).average().orElse(0));
        double forksCurrent =
                current.stream().mapToInt(RunLevelTest::forkCount).average().orElse(0);
        if (!forkedRuns(baseline) || forksCurrent < 1) {
            return null;
        }
        List<List<double[]>> relative =
                baseline.stream().map(RunLevelTest::relative).toList();
        double machine = Math.max(0, sigma2 - forkPoolVariance(relative, forksNow, random));
        IntPredicate enough = forks -> {
            double draw = machine + forkPoolVariance(relative, forks, random);
            double floor = forkPoolVariance(baseline, forks, random);
            double se = Math.sqrt(Math.max(draw, floor) * (1.0 / current.size() + 1.0 / runs)
                    + excess / current.size() * forksCurrent / forks);
            int df = degrees(prior, runs, floor > draw, runs * forks);
            return detectableLog(TDistribution.of(df), mdcAlpha, se) <= tolerance;
        };
        // The most first, then halving: the noise falls with more forks, and each try resamples.
        if (forksNow >= MOST_FORKS_SUGGESTED || !enough.test(MOST_FORKS_SUGGESTED)) {
            return null;
        }
        int low = forksNow; // not enough
        int high = MOST_FORKS_SUGGESTED; // enough
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (enough.test(mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /**
     * Whether every baseline run has two forks or more: with a run of one fork, the draw of forks cannot be told from
     * the machine's minutes, and {@link Estimate#forksNeeded} is null for that reason too.
     */
    static boolean forkedRuns(List<List<double[]>> baseline) {
        return baseline.stream().allMatch(r -> forkCount(r) >= 2);
    }

    /** How many forks of {@code run} have values. */
    private static int forkCount(List<double[]> run) {
        return (int) run.stream().filter(f -> f.length > 0).count();
    }

    /** Current ÷ baseline, as {@link #of} estimates it (geometric means of the runs' medians), without its test. */
    static double ratio(List<List<double[]>> baseline, List<List<double[]>> current) {
        return Math.exp(mean(current.stream().mapToDouble(RunLevelTest::summary).toArray())
                - mean(baseline.stream().mapToDouble(RunLevelTest::summary).toArray()));
    }

    /** A run's values divided by the run's median: its forks' levels relative to their own run. */
    private static List<double[]> relative(List<double[]> run) {
        double[] all = flatten(run);
        if (all.length == 0) {
            return run;
        }
        double m = median(all);
        return run.stream().map(f -> Arrays.stream(f).map(v -> v / m).toArray()).toList();
    }

    /**
     * The degrees of freedom of σ from {@code runs} baseline runs: the moderated ones, or, when the fork floor set σ, no
     * more than its forks give.
     */
    private static int degrees(NoisePrior prior, int runs, boolean floored, int baselineForks) {
        int moderated = prior.degreesOfFreedom(runs - 1);
        return floored ? Math.max(2, Math.min(moderated, baselineForks - 1)) : moderated;
    }

    /**
     * The variance of the summary of a run of {@code forks} whole forks drawn with replacement from all the baseline's
     * forks: how far a run's median moves with which forks it drew when forks settle at their own levels (the 64 B tcp
     * round trip's at about 13.4 or 15.4 µs on the 2-vCPU VM, a run of four all at the lower one once in ten A/A runs).
     * Five runs seldom show that draw, and the noise prior pulls their spread towards the quieter cases'; this floors
     * it. Forks are drawn whole, never their iterations: a few disturbed iterations resampled into many draws is what
     * made resampling within a run overstate the noise.
     */
    static double forkPoolVariance(List<List<double[]>> baseline, int forks, SplittableRandom random) {
        List<double[]> pool = baseline.stream()
                .flatMap(List::stream)
                .filter(f -> f.length > 0)
                .toList();
        if (pool.size() < 2) {
            return 0;
        }
        double[] summaries = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            List<double[]> run = new ArrayList<>(forks);
            for (int k = 0; k < forks; k++) {
                run.add(pool.get(random.nextInt(pool.size())));
            }
            summaries[i] = summary(run);
        }
        return variance(summaries);
    }

    /** The variance of the baseline runs' summaries: what {@link NoisePrior} pools across cases. */
    static double betweenVariance(List<List<double[]>> baseline) {
        return variance(baseline.stream().mapToDouble(RunLevelTest::summary).toArray());
    }

    private static double detectableLog(TDistribution t, double alpha, double se) {
        return (t.inverseSurvivalProbability(alpha) + t.inverseSurvivalProbability(1 - POWER)) * se;
    }

    /** A run's summary: the logarithm of the median of all its values. */
    static double summary(List<double[]> run) {
        return Math.log(median(flatten(run)));
    }

    /** The variance of a run's summary (the log of its median) from resampling it ({@link NestedBootstrap}). */
    static double withinVariance(List<double[]> run, SplittableRandom random) {
        if (run.stream().mapToInt(f -> f.length).sum() < 2) {
            return 0;
        }
        double[] medians = NestedBootstrap.medians(run, RESAMPLES, random);
        return variance(Arrays.stream(medians).map(Math::log).toArray());
    }

    /** Every fork's values, one after the other. */
    static double[] flatten(List<double[]> forks) {
        return forks.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    /** The median of {@code values}. */
    static double median(double[] values) {
        return NestedBootstrap.median(values);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double variance(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        return Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1);
    }
}
