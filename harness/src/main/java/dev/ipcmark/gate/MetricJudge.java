package dev.ipcmark.gate;

import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Judges each gated metric of each case: a run-level test of the current runs against the baseline's ({@link
 * RunLevelTest}, with each metric's empirical-Bayes noise prior fitted over the comparison's cases), Holm's correction
 * over every test of the comparison, the thresholds widened by the machine's measured drift, and, for a test that
 * cannot tell, the smallest change it could have detected. A metric whose baseline follows its forks' kernel-entry
 * probe is tested on values {@linkplain KernelEntryAdjustment adjusted} for it; one whose baseline forks settled at
 * levels far apart, at the level {@linkplain MainLevel most of them met}.
 */
final class MetricJudge {
    private MetricJudge() {}

    /**
     * One metric of one case to test: the baseline's runs and the current runs, each a list of forks, as measured, and
     * the level most of the baseline's forks met when they met several (null when not), and their adjustment for the
     * machine's slow spells (of the forks at that level, when the run has some), or null when there is none; {@code
     * measuredMustAgree} when that adjustment has no path into the case (it does not enter the kernel), so that a
     * change is called only when the values as measured show it as well; {@code placement} when the current run of
     * such a case met a placement of the two CPUs its baseline never met (null when not), so that a change in the
     * direction that placement moves the case is withheld; {@code aside} when some of the current runs' forks met
     * such a placement and were left out of {@code current} (null when none were).
     */
    record Test(
            String key,
            Metric metric,
            List<List<double[]>> baseline,
            List<List<double[]>> current,
            double threshold,
            MainLevel level,
            KernelEntryAdjustment adjustment,
            boolean measuredMustAgree,
            Placement placement,
            ForksAside aside) {
        /** Whether a change must also show in the values as measured: an adjustment the case has no path for. */
        boolean corroborated() {
            return adjustment != null && measuredMustAgree;
        }

        /** The baseline's values the tests use: adjusted when there is an adjustment, at the main level if reached. */
        List<List<double[]>> testedBaseline() {
            return adjustment != null ? adjustment.baseline() : measuredBaseline();
        }

        /** The current values the tests use: adjusted when there is an adjustment, at the main level if reached. */
        List<List<double[]>> testedCurrent() {
            return adjustment != null ? adjustment.current() : measuredCurrent();
        }

        /** The baseline's values as measured: at the main level if reached, never adjusted. */
        List<List<double[]>> measuredBaseline() {
            return atLevel() ? level.baseline() : baseline;
        }

        /** The current values as measured: at the main level if reached, never adjusted. */
        List<List<double[]>> measuredCurrent() {
            return atLevel() ? level.current() : current;
        }

        /** Whether the metric is judged at its baseline's main level. */
        boolean atLevel() {
            return level != null && level.reached();
        }
    }

    static List<MetricResult> judge(List<Test> tests, double alpha, Drift drift) {
        List<RunLevelTest.Estimate> estimates = new ArrayList<>();
        List<RunLevelTest.Estimate> asMeasured = new ArrayList<>();
        List<Double> pastRange = new ArrayList<>();
        int family =
                Math.max(1, (int) tests.stream().filter(MetricJudge::testable).count());
        Map<Metric, NoisePrior> priors = priors(tests);
        for (Test t : tests) {
            boolean testable = testable(t);
            NoisePrior prior = priors.getOrDefault(t.metric(), NoisePrior.NONE);
            // The same test of t's metric, on whichever values of its baseline and current runs.
            BiFunction<List<List<double[]>>, List<List<double[]>>, RunLevelTest.Estimate> test =
                    (baseline, current) -> RunLevelTest.of(
                            baseline,
                            current,
                            t.metric().higherIsBetter(),
                            alpha,
                            alpha / family,
                            t.threshold(),
                            prior);
            estimates.add(testable ? test.apply(t.testedBaseline(), t.testedCurrent()) : null);
            asMeasured.add(testable && t.corroborated() ? test.apply(t.measuredBaseline(), t.measuredCurrent()) : null);
            // Only its ratio is asked for: whether the slope past the baseline's range explains a change.
            pastRange.add(
                    testable && t.adjustment() != null && t.adjustment().pastRange() != null
                            ? RunLevelTest.ratio(
                                    t.testedBaseline(), t.adjustment().pastRange())
                            : Double.NaN);
        }
        // A change the values as measured must show as well is as significant as the weaker of the two tests.
        double[] worse = new double[tests.size()];
        double[] better = new double[tests.size()];
        for (int i = 0; i < tests.size(); i++) {
            RunLevelTest.Estimate e = estimates.get(i);
            RunLevelTest.Estimate m = asMeasured.get(i);
            worse[i] = e == null ? Double.NaN : m == null ? e.pWorse() : Math.max(e.pWorse(), m.pWorse());
            better[i] = e == null ? Double.NaN : m == null ? e.pBetter() : Math.max(e.pBetter(), m.pBetter());
        }
        boolean[] regressions = Holm.significant(worse, alpha);
        boolean[] improvements = Holm.significant(better, alpha);
        List<MetricResult> results = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            results.add(verdict(
                    tests.get(i),
                    estimates.get(i),
                    asMeasured.get(i),
                    pastRange.get(i),
                    regressions[i],
                    improvements[i],
                    alpha,
                    family,
                    drift));
        }
        return results;
    }

    /**
     * Each metric's prior of the run-to-run noise, fitted over the cases with enough baseline runs for a spread. A run's
     * central figures (p50 and throughput) share one prior, fitted over both: each is the logarithm of a run's median,
     * moved by the same machine's slow spells, and a scenario gates throughput on its few stream cases only (three in
     * {@code ci.yaml}, fewer than a prior is fitted from, which left them with the 4 degrees of freedom of five runs).
     * A tail moves further than a median when the machine moves ({@link Metric#tail()}) and has its own.
     */
    private static Map<Metric, NoisePrior> priors(List<Test> tests) {
        Map<Metric, NoisePrior> priors = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            List<Test> of = tests.stream()
                    .filter(t -> t.metric().tail() == m.tail()
                            && testable(t)
                            && t.testedBaseline().size() >= RunLevelTest.MIN_RUNS_FOR_SPREAD)
                    .toList();
            if (!of.isEmpty()) {
                // The runs of the whole baseline: a metric judged at its main level may have fewer.
                int runs = of.stream()
                        .mapToInt(t -> t.testedBaseline().size())
                        .max()
                        .orElseThrow();
                priors.put(
                        m,
                        NoisePrior.fit(
                                of.stream()
                                        .filter(t -> t.testedBaseline().size() == runs)
                                        .mapToDouble(t -> RunLevelTest.betweenVariance(t.testedBaseline()))
                                        .toArray(),
                                runs - 1));
            }
        }
        return priors;
    }

    private static boolean testable(Test t) {
        return t.testedBaseline().stream().allMatch(r -> count(r) >= Comparison.MIN_SAMPLES)
                && !t.current().isEmpty()
                && t.testedCurrent().stream().allMatch(r -> count(r) >= Comparison.MIN_SAMPLES);
    }

    private static int count(List<double[]> run) {
        return run.stream().mapToInt(f -> f.length).sum();
    }

    private static MetricResult verdict(
            Test t,
            RunLevelTest.Estimate e,
            RunLevelTest.Estimate asMeasured,
            double pastRange,
            boolean worse,
            boolean better,
            double alpha,
            int family,
            Drift machine) {
        Drift drift = machine.forCase(t.key());
        // Medians as measured (at the main level when judged there), for the reader; the tests below use the adjusted
        // values when there are.
        double[] measuredB = flat(t.measuredBaseline());
        double[] measuredC = flat(t.measuredCurrent());
        double bm = measuredB.length == 0 ? Double.NaN : RunLevelTest.median(measuredB);
        double cm = measuredC.length == 0 ? Double.NaN : RunLevelTest.median(measuredC);
        double[] b = flat(t.testedBaseline());
        double[] c = flat(t.testedCurrent());
        String limit = "±" + GateSpec.formatPercent(t.threshold());
        if (e == null) {
            String counts = t.current().stream()
                            .map(r -> Integer.toString(count(r)))
                            .toList()
                    + " iterations now, "
                    + t.baseline().stream().map(r -> Integer.toString(count(r))).toList() + " in the baseline's runs";
            return new MetricResult(
                    t.key(),
                    t.metric(),
                    Verdict.UNTESTABLE,
                    bm,
                    cm,
                    null,
                    Double.NaN,
                    t.threshold(),
                    b.length,
                    c.length,
                    "too few samples to test (" + counts + "; at least " + Comparison.MIN_SAMPLES
                            + " per run are needed, 10 or" + " more to see small changes)");
        }
        boolean up = e.ratio() > 1;
        boolean worseDirection = up != t.metric().higherIsBetter();
        double iterationP = up
                ? MannWhitney.greater(c, b).pValue()
                : MannWhitney.greater(b, c).pValue();
        double th = t.threshold() / 100;
        // A change is beyond the threshold when the ratio is; with drift, beyond the threshold widened by it.
        double worseLimit = worseDirectionLimit(t.metric(), th, 1);
        double worseWidened = worseDirectionLimit(t.metric(), th, drift.slowdown());
        double betterLimit = betterDirectionLimit(t.metric(), th, 1);
        double betterWidened = betterDirectionLimit(t.metric(), th, drift.speedup());
        String level = String.format(Locale.ROOT, "%.0f%%", (1 - alpha) * 100);
        // Past ten-fold a percentage only looks precise: "≥ 43796.3%" reads better as "×439".
        String detect = e.detectablePercent() < 1000
                ? String.format(Locale.ROOT, "detects ≥ %.1f%%", e.detectablePercent())
                : String.format(Locale.ROOT, "detects only a change of ×%.0f or more", 1 + e.detectablePercent() / 100);
        boolean separated = separated(b, c, t.metric(), th)
                && (asMeasured == null || separated(measuredB, measuredC, t.metric(), th));
        // Where the values as measured must agree, they must lie beyond the threshold the same way.
        boolean measuredWorse = asMeasured == null || beyondWorse(asMeasured.ratio(), worseLimit, t.metric());
        boolean measuredBetter = asMeasured == null || beyondBetter(asMeasured.ratio(), betterLimit, t.metric());
        boolean significantWorse =
                measuredWorse && ((worse && iterationP < alpha && worseDirection) || (separated && worseDirection));
        boolean significantBetter =
                measuredBetter && ((better && iterationP < alpha && !worseDirection) || (separated && !worseDirection));
        Verdict verdict;
        String note;
        // The probes' medians bound how far a median moves with the machine, not how far a tail does.
        boolean tailWithMachineWorse = t.metric().tail() && drift.slowdown() > 1;
        boolean tailWithMachineBetter = t.metric().tail() && drift.speedup() < 1;
        // Adjusted along the baseline's slope past the range its forks met as well, a change the spell explains is
        // gone.
        boolean explainedPastRange = !Double.isNaN(pastRange) && !beyondWorse(pastRange, worseLimit, t.metric());
        if (significantWorse && beyondWorse(e.ratio(), worseLimit, t.metric())) {
            if (explainedPastRange) {
                verdict = Verdict.WITHHELD;
                note = String.format(
                        Locale.ROOT,
                        "beyond %s as adjusted within the kernel entries the baseline's forks met (up to %.0f ns), but"
                                + " this run met a slower kernel entry than any of the baseline's forks (up to %.0f"
                                + " ns): adjusted along the same slope past that, the change is %+.1f%%, within the"
                                + " threshold; the machine's doing as far as the probe tells, not blamed on the code",
                        limit,
                        t.adjustment().highest(),
                        t.adjustment().currentHighest(),
                        (pastRange - 1) * 100);
            } else if (beyondWorse(e.ratio(), worseWidened, t.metric()) && !tailWithMachineWorse) {
                verdict = Verdict.REGRESSED;
                note = separated
                        ? "every sample of the current run is beyond every sample of the baseline by more than " + limit
                        : "significant across runs (p " + p(e.pWorse()) + ", Holm over " + family + " tests) and over"
                                + " iterations (p " + p(iterationP) + "), beyond " + limit
                                + (drift.slowdown() > 1 ? " and beyond the machine's own slowdown" : "");
            } else {
                verdict = Verdict.WITHHELD;
                note = tailWithMachineWorse
                        ? "beyond " + limit + ", but the machine itself slowed down (" + times(drift.slowdown())
                                + " by the calibration probes), and " + TAIL
                        : "beyond " + limit + ", but no more than the machine itself slowed down ("
                                + times(drift.slowdown()) + " by the calibration probes)";
            }
        } else if (significantBetter && beyondBetter(e.ratio(), betterLimit, t.metric())) {
            if (beyondBetter(e.ratio(), betterWidened, t.metric()) && !tailWithMachineBetter) {
                verdict = Verdict.IMPROVED;
                note = separated
                        ? "every sample of the current run is better than every sample of the baseline by more than "
                                + limit
                        : "significant across runs (p " + p(e.pBetter()) + ", Holm over " + family + " tests) and"
                                + " over iterations (p " + p(iterationP) + "), beyond " + limit;
            } else {
                verdict = Verdict.WITHHELD;
                note = tailWithMachineBetter
                        ? "beyond " + limit + ", but the machine itself sped up (" + times(drift.speedup())
                                + " by the calibration probes), and " + TAIL
                        : "beyond " + limit + ", but no more than the machine itself sped up";
            }
        } else if (e.equivalenceLow() >= 1 - th && e.equivalenceHigh() <= 1 + th) {
            verdict = Verdict.UNCHANGED;
            note = String.format(
                    Locale.ROOT,
                    "the 90%% interval of the change [%+.1f%%, %+.1f%%] lies within %s (%s; noise from %s)",
                    (e.equivalenceLow() - 1) * 100,
                    (e.equivalenceHigh() - 1) * 100,
                    limit,
                    detect,
                    e.basis());
        } else if (e.detectablePercent() > t.threshold()) {
            verdict = Verdict.NOISY;
            note = "too noisy to gate here (" + detect + ", the threshold is " + limit + "; noise from " + e.basis()
                    + ")" + fix(e, RunLevelTest.forkedRuns(t.testedBaseline()));
        } else {
            verdict = Verdict.INCONCLUSIVE;
            note = "the " + level + " interval reaches past " + limit + " though no change beyond it is shown ("
                    + detect + "; noise from " + e.basis() + ")";
        }
        if (t.placement() != null
                && (t.placement().nearer() ? verdict == Verdict.IMPROVED : verdict == Verdict.REGRESSED)) {
            note = verdict.id() + " by the values, but " + t.placement().describe() + ": the host's doing, not the"
                    + " code's (" + note + ")";
            verdict = Verdict.WITHHELD;
        }
        if (t.aside() != null) {
            note += "; " + t.aside().describe();
        }
        if (t.level() != null) {
            note += "; " + t.level().describe(t.metric());
        }
        if (t.adjustment() != null) {
            note += String.format(Locale.ROOT, "; %+.1f%% as measured, ", (cm / bm - 1) * 100)
                    + t.adjustment().describe(t.metric())
                    + (t.corroborated()
                            ? "; it does not enter the kernel, so a change is called only when the values as measured"
                                    + " show it too"
                            : "");
        }
        return new MetricResult(
                t.key(), t.metric(), verdict, bm, cm, e, iterationP, t.threshold(), b.length, c.length, note);
    }

    private static final String TAIL =
            "a tail moves further than the probes' medians when the machine moves: not attributed to the code";

    private static String times(double factor) {
        return String.format(Locale.ROOT, "×%.2f", factor);
    }

    private static double[] flat(List<List<double[]>> runs) {
        return runs.stream()
                .flatMap(List::stream)
                .flatMapToDouble(java.util.Arrays::stream)
                .toArray();
    }

    private static String fix(RunLevelTest.Estimate e, boolean forkedRuns) {
        if (!e.betweenRuns()) {
            return "; a baseline of " + RunLevelTest.MIN_RUNS_FOR_SPREAD + " or more runs would judge it by the"
                    + " machine's run-to-run noise instead";
        }
        String forks = e.forksNeeded() == null
                ? null
                : "runs of " + e.forksNeeded() + " forks each (the baseline's and the gated run's; a case's own"
                        + " 'forks' in the scenario)";
        if (e.runsNeeded() == null) {
            if (forks != null) {
                return "; more baseline runs cannot bring it within the threshold, " + forks + " would";
            }
            return forkedRuns
                    ? "; neither more baseline runs nor up to " + RunLevelTest.MOST_FORKS_SUGGESTED + " forks per run"
                            + " can bring it within the threshold: the machine's run-to-run spread alone is that"
                            + " large (a quieter machine can)"
                    : "; more baseline runs cannot bring it within the threshold; more forks per run may (with one"
                            + " fork per run the gate cannot tell the draw of forks from the machine's minutes)";
        }
        if (e.runsNeeded() == 0) {
            return "";
        }
        return "; a baseline of " + e.runsNeeded() + " runs" + (forks == null ? "" : ", or " + forks + ",")
                + " would bring it within the threshold";
    }

    /** The ratio beyond which a change is worse than the threshold, widened by {@code drift} (≥ 1). */
    private static double worseDirectionLimit(Metric m, double threshold, double drift) {
        return m.higherIsBetter() ? (1 - threshold) / drift : (1 + threshold) * drift;
    }

    /** The ratio beyond which a change is better than the threshold, widened by {@code drift} (≤ 1). */
    private static double betterDirectionLimit(Metric m, double threshold, double drift) {
        return m.higherIsBetter() ? (1 + threshold) / drift : (1 - threshold) * drift;
    }

    /** Whether {@code ratio} is a change past {@code threshold} (a fraction) in {@code m}'s worse direction. */
    static boolean pastThresholdWorse(Metric m, double ratio, double threshold) {
        return beyondWorse(ratio, worseDirectionLimit(m, threshold, 1), m);
    }

    private static boolean beyondWorse(double ratio, double limit, Metric m) {
        return m.higherIsBetter() ? ratio < limit : ratio > limit;
    }

    private static boolean beyondBetter(double ratio, double limit, Metric m) {
        return m.higherIsBetter() ? ratio > limit : ratio < limit;
    }

    /** Whether every current sample lies beyond every baseline sample by more than the threshold, either way. */
    private static boolean separated(double[] b, double[] c, Metric m, double threshold) {
        if (b.length < Comparison.MIN_SAMPLES || c.length < Comparison.MIN_SAMPLES) {
            return false;
        }
        double bMin = java.util.Arrays.stream(b).min().orElseThrow();
        double bMax = java.util.Arrays.stream(b).max().orElseThrow();
        double cMin = java.util.Arrays.stream(c).min().orElseThrow();
        double cMax = java.util.Arrays.stream(c).max().orElseThrow();
        return cMin > bMax * (1 + threshold) || cMax < bMin * (1 - threshold);
    }

    private static String p(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p);
    }
}
