package dev.ipcmark.gate;

import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The current run (or runs: a run and the re-measurement of its suspects) judged against a baseline of one or more
 * runs: cases matched by key, each gated metric tested at the level of runs ({@link RunLevelTest}), the family of
 * tests corrected with {@link Holm}, and the machine's own drift ({@link Drift}) taken into account.
 *
 * <ul>
 *   <li><b>regressed</b> (or improved): significant after Holm's correction at the level of runs, significant over
 *       iterations (Mann–Whitney), and beyond the threshold, widened by the machine's drift when it moved; or every
 *       sample of the current run beyond every sample of the baseline by more than the threshold (a gross change is
 *       never lost in noise);
 *   <li><b>withheld</b>: would have regressed, but by no more than the machine itself moved;
 *   <li><b>unchanged</b>: the 90 % interval of the change lies within the threshold (two one-sided tests at 5 %);
 *   <li><b>too-noisy</b>: the smallest change the test would see (power 0.8) is larger than the threshold: the metric
 *       cannot be gated on this machine with this baseline, and the note says what would fix it;
 *   <li><b>inconclusive</b>: none of these, with the detectable change named;
 *   <li><b>untestable</b>: fewer than {@value #MIN_SAMPLES} samples in a run; <b>failed</b>: ran in the baseline,
 *       failed now.
 * </ul>
 *
 * @param baseline the baseline's runs
 * @param current the runs judged: one, or the run and its confirmation
 * @param thresholds the thresholds applied (the baseline's, or the command line's)
 * @param alpha the significance level of the family of a run's tests
 * @param drift how far the machine itself moved
 * @param results one per case and gated metric that both have, in the current run's order
 * @param onlyInBaseline keys of cases the current run does not have
 * @param onlyInCurrent keys of cases the baseline does not have
 * @param notCompared cases in both that did not run in both, each as "key: why"
 * @param environmentDifferences machine identity fields that differ, as "field: baseline ≠ current"
 * @param warnings other things a reader must know
 */
public record Comparison(
        Baseline baseline,
        List<RunSamples> current,
        GateSpec thresholds,
        double alpha,
        Drift drift,
        List<MetricResult> results,
        List<String> onlyInBaseline,
        List<String> onlyInCurrent,
        List<String> notCompared,
        List<String> environmentDifferences,
        List<String> warnings) {

    /** The significance level used unless told otherwise. */
    public static final double DEFAULT_ALPHA = 0.01;

    /** Fewest iterations in a run for a test to be tried at all. */
    static final int MIN_SAMPLES = 3;

    /** Copies the lists. */
    public Comparison {
        current = List.copyOf(current);
        results = List.copyOf(results);
        onlyInBaseline = List.copyOf(onlyInBaseline);
        onlyInCurrent = List.copyOf(onlyInCurrent);
        notCompared = List.copyOf(notCompared);
        environmentDifferences = List.copyOf(environmentDifferences);
        warnings = List.copyOf(warnings);
    }

    /** The run judged (the first of {@link #current}). */
    public RunSamples run() {
        return current.getFirst();
    }

    /** Compares {@code current} with {@code baseline}; throws {@link GateException} when they have no case in common. */
    public static Comparison of(Baseline baseline, List<RunSamples> current, GateSpec thresholds, double alpha) {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be between 0 and 0.5, got " + alpha);
        }
        RunSamples run = current.getFirst();
        Drift drift = Drift.of(baseline, current, alpha, probeThreshold(thresholds));
        List<Test> tests = new ArrayList<>();
        List<MetricResult> fixed = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        List<String> onlyInCurrent = new ArrayList<>();
        for (RunSamples.CaseSamples cur : run.cases().values()) {
            List<RunSamples.CaseSamples> base = baseline.runs().stream()
                    .map(r -> r.cases().get(cur.key()))
                    .filter(c -> c != null)
                    .toList();
            List<RunSamples.CaseSamples> baseOk =
                    base.stream().filter(RunSamples.CaseSamples::ok).toList();
            if (base.isEmpty()) {
                onlyInCurrent.add(cur.key());
            } else if (baseOk.isEmpty()) {
                notCompared.add(
                        cur.key() + ": " + base.getFirst().status() + " in the baseline" + reason(base.getFirst()));
            } else if (cur.status().equals("failed")) {
                fixed.add(failed(cur, thresholds));
            } else if (!cur.ok()) {
                notCompared.add(cur.key() + ": " + cur.status() + " in the current run" + reason(cur));
            } else {
                for (Metric m : Metric.values()) {
                    double t = thresholds.percent(m);
                    if (Double.isNaN(t) || !cur.samples().containsKey(m)) {
                        continue;
                    }
                    List<List<double[]>> b = baseOk.stream()
                            .filter(c -> c.samples().containsKey(m))
                            .map(c -> c.samples().get(m))
                            .toList();
                    List<List<double[]>> c = current.stream()
                            .map(r -> r.cases().get(cur.key()))
                            .filter(x -> x != null && x.ok() && x.samples().containsKey(m))
                            .map(x -> x.samples().get(m))
                            .toList();
                    if (!b.isEmpty()) {
                        tests.add(new Test(cur.key(), m, b, c, t));
                    }
                }
            }
        }
        List<String> onlyInBaseline = baseline.runs().getLast().cases().keySet().stream()
                .filter(k -> !run.cases().containsKey(k))
                .toList();
        long common = run.cases().keySet().stream()
                .filter(k -> baseline.runs().stream().anyMatch(r -> r.cases().containsKey(k)))
                .count();
        if (common == 0) {
            throw new GateException("no case in common: the baseline " + baseline.describe() + " has "
                    + baseline.runs().getLast().cases().size() + " cases and the current run " + run.runId() + " has "
                    + run.cases().size() + ", but no key is in both (were they run from the same scenario?)");
        }
        List<MetricResult> results = judge(tests, alpha, drift);
        results.addAll(fixed);
        return new Comparison(
                baseline,
                current,
                thresholds,
                alpha,
                drift,
                inRunOrder(run, results),
                onlyInBaseline,
                onlyInCurrent,
                notCompared,
                environmentDifferences(baseline, run),
                warnings(baseline, current, thresholds, drift));
    }

    /** The probes' threshold: the p50 threshold, or 10 % when p50 is not gated. */
    private static double probeThreshold(GateSpec thresholds) {
        double p50 = thresholds.percent(Metric.P50);
        return Double.isNaN(p50) ? 10 : p50;
    }

    /** One metric of one case to test: the baseline's runs and the current runs, each a list of forks. */
    private record Test(
            String key, Metric metric, List<List<double[]>> baseline, List<List<double[]>> current, double threshold) {}

    private static List<MetricResult> judge(List<Test> tests, double alpha, Drift drift) {
        List<RunLevelTest.Estimate> estimates = new ArrayList<>();
        int family =
                Math.max(1, (int) tests.stream().filter(Comparison::testable).count());
        Map<Metric, NoisePrior> priors = priors(tests);
        for (Test t : tests) {
            estimates.add(
                    testable(t)
                            ? RunLevelTest.of(
                                    t.baseline(),
                                    t.current(),
                                    t.metric().higherIsBetter(),
                                    alpha,
                                    alpha / family,
                                    t.threshold(),
                                    priors.getOrDefault(t.metric(), NoisePrior.NONE))
                            : null);
        }
        double[] worse = estimates.stream()
                .mapToDouble(e -> e == null ? Double.NaN : e.pWorse())
                .toArray();
        double[] better = estimates.stream()
                .mapToDouble(e -> e == null ? Double.NaN : e.pBetter())
                .toArray();
        boolean[] regressions = Holm.significant(worse, alpha);
        boolean[] improvements = Holm.significant(better, alpha);
        List<MetricResult> results = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            results.add(verdict(tests.get(i), estimates.get(i), regressions[i], improvements[i], alpha, family, drift));
        }
        return results;
    }

    /** Each metric's prior of the run-to-run noise, fitted over the cases with enough baseline runs for a spread. */
    private static Map<Metric, NoisePrior> priors(List<Test> tests) {
        Map<Metric, NoisePrior> priors = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            List<Test> of = tests.stream()
                    .filter(t ->
                            t.metric() == m && testable(t) && t.baseline().size() >= RunLevelTest.MIN_RUNS_FOR_SPREAD)
                    .toList();
            if (!of.isEmpty()) {
                int runs = of.getFirst().baseline().size();
                priors.put(
                        m,
                        NoisePrior.fit(
                                of.stream()
                                        .filter(t -> t.baseline().size() == runs)
                                        .mapToDouble(t -> RunLevelTest.betweenVariance(t.baseline()))
                                        .toArray(),
                                runs - 1));
            }
        }
        return priors;
    }

    private static boolean testable(Test t) {
        return t.baseline().stream().allMatch(r -> count(r) >= MIN_SAMPLES)
                && !t.current().isEmpty()
                && t.current().stream().allMatch(r -> count(r) >= MIN_SAMPLES);
    }

    private static int count(List<double[]> run) {
        return run.stream().mapToInt(f -> f.length).sum();
    }

    private static MetricResult verdict(
            Test t, RunLevelTest.Estimate e, boolean worse, boolean better, double alpha, int family, Drift drift) {
        double[] b = t.baseline().stream()
                .flatMap(List::stream)
                .flatMapToDouble(java.util.Arrays::stream)
                .toArray();
        double[] c = t.current().stream()
                .flatMap(List::stream)
                .flatMapToDouble(java.util.Arrays::stream)
                .toArray();
        double bm = b.length == 0 ? Double.NaN : RunLevelTest.median(b);
        double cm = c.length == 0 ? Double.NaN : RunLevelTest.median(c);
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
                    "too few samples to test (" + counts + "; at least " + MIN_SAMPLES + " per run are needed, 10 or"
                            + " more to see small changes)");
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
        String detect = String.format(Locale.ROOT, "detects ≥ %.1f%%", e.detectablePercent());
        boolean separated = separated(b, c, t.metric(), th);
        boolean significantWorse = (worse && iterationP < alpha && worseDirection) || (separated && worseDirection);
        boolean significantBetter = (better && iterationP < alpha && !worseDirection) || (separated && !worseDirection);
        Verdict verdict;
        String note;
        if (significantWorse && beyondWorse(e.ratio(), worseLimit, t.metric())) {
            if (beyondWorse(e.ratio(), worseWidened, t.metric())) {
                verdict = Verdict.REGRESSED;
                note = separated
                        ? "every sample of the current run is beyond every sample of the baseline by more than " + limit
                        : "significant across runs (p " + p(e.pWorse()) + ", Holm over " + family + " tests) and over"
                                + " iterations (p " + p(iterationP) + "), beyond " + limit
                                + (drift.slowdown() > 1 ? " and beyond the machine's own slowdown" : "");
            } else {
                verdict = Verdict.WITHHELD;
                note = "beyond " + limit + ", but no more than the machine itself slowed down ("
                        + String.format(Locale.ROOT, "×%.2f", drift.slowdown()) + " by the calibration probes)";
            }
        } else if (significantBetter && beyondBetter(e.ratio(), betterLimit, t.metric())) {
            if (beyondBetter(e.ratio(), betterWidened, t.metric())) {
                verdict = Verdict.IMPROVED;
                note = separated
                        ? "every sample of the current run is better than every sample of the baseline by more than "
                                + limit
                        : "significant across runs (p " + p(e.pBetter()) + ", Holm over " + family + " tests) and"
                                + " over iterations (p " + p(iterationP) + "), beyond " + limit;
            } else {
                verdict = Verdict.WITHHELD;
                note = "beyond " + limit + ", but no more than the machine itself sped up";
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
                    + ")" + fix(e);
        } else {
            verdict = Verdict.INCONCLUSIVE;
            note = "the " + level + " interval reaches past " + limit + " though no change beyond it is shown ("
                    + detect + "; noise from " + e.basis() + ")";
        }
        return new MetricResult(
                t.key(), t.metric(), verdict, bm, cm, e, iterationP, t.threshold(), b.length, c.length, note);
    }

    private static String fix(RunLevelTest.Estimate e) {
        if (!e.betweenRuns()) {
            return "; a baseline of " + RunLevelTest.MIN_RUNS_FOR_SPREAD + " or more runs would judge it by the"
                    + " machine's run-to-run noise instead";
        }
        if (e.runsNeeded() == null) {
            return "; more baseline runs cannot bring it within the threshold: the machine's run-to-run spread alone"
                    + " is that large (more forks per run, or a quieter machine, can)";
        }
        return e.runsNeeded() > 0
                ? "; a baseline of " + e.runsNeeded() + " runs would bring it within the threshold"
                : "";
    }

    /** The ratio beyond which a change is worse than the threshold, widened by {@code drift} (≥ 1). */
    private static double worseDirectionLimit(Metric m, double threshold, double drift) {
        return m.higherIsBetter() ? (1 - threshold) / drift : (1 + threshold) * drift;
    }

    /** The ratio beyond which a change is better than the threshold, widened by {@code drift} (≤ 1). */
    private static double betterDirectionLimit(Metric m, double threshold, double drift) {
        return m.higherIsBetter() ? (1 + threshold) / drift : (1 - threshold) * drift;
    }

    private static boolean beyondWorse(double ratio, double limit, Metric m) {
        return m.higherIsBetter() ? ratio < limit : ratio > limit;
    }

    private static boolean beyondBetter(double ratio, double limit, Metric m) {
        return m.higherIsBetter() ? ratio > limit : ratio < limit;
    }

    /** Whether every current sample lies beyond every baseline sample by more than the threshold, either way. */
    private static boolean separated(double[] b, double[] c, Metric m, double threshold) {
        if (b.length < MIN_SAMPLES || c.length < MIN_SAMPLES) {
            return false;
        }
        double bMin = java.util.Arrays.stream(b).min().orElseThrow();
        double bMax = java.util.Arrays.stream(b).max().orElseThrow();
        double cMin = java.util.Arrays.stream(c).min().orElseThrow();
        double cMax = java.util.Arrays.stream(c).max().orElseThrow();
        return cMin > bMax * (1 + threshold) || cMax < bMin * (1 - threshold);
    }

    private static List<MetricResult> inRunOrder(RunSamples run, List<MetricResult> results) {
        List<String> keys = new ArrayList<>(run.cases().keySet());
        List<MetricResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparingInt((MetricResult r) -> keys.indexOf(r.caseKey()))
                .thenComparing(r -> r.metric().ordinal()));
        return sorted;
    }

    /**
     * This comparison with its suspects measured again: for each case that regressed, the run and its re-measurement
     * {@code again} are judged together as two runs of the current code (so a shift seen twice adds up, and a fluke is
     * diluted), with the calibration probes of both; every other result stands as it was.
     */
    public Comparison confirmedBy(RunSamples again) {
        List<String> suspects = regressedCases();
        Comparison both = of(baseline, List.of(run(), again), thresholds, alpha);
        Map<String, MetricResult> combined = new LinkedHashMap<>();
        both.results().forEach(r -> combined.put(r.caseKey() + "/" + r.metric(), r));
        List<MetricResult> confirmed = new ArrayList<>();
        int stood = 0;
        for (MetricResult r : results) {
            if (r.verdict() != Verdict.REGRESSED || !suspects.contains(r.caseKey())) {
                confirmed.add(r);
                continue;
            }
            MetricResult c = combined.get(r.caseKey() + "/" + r.metric());
            if (c != null && c.verdict().failsGate()) {
                stood++;
                confirmed.add(c.with(
                        c.verdict(),
                        c.note() + "; confirmed with " + again.runId() + " (" + r.change() + " then, " + c.change()
                                + " over both runs)"));
            } else {
                String then = c == null ? "not measured" : c.verdict().id() + " " + c.change();
                confirmed.add((c == null ? r : c)
                        .with(
                                c == null ? Verdict.INCONCLUSIVE : c.verdict(),
                                "regressed " + r.change() + " in " + run().runId() + ", but judged with its"
                                        + " re-measurement " + again.runId() + ": " + then + "; not confirmed"));
            }
        }
        long suspected =
                results.stream().filter(r -> r.verdict() == Verdict.REGRESSED).count();
        List<String> more = new ArrayList<>(warnings);
        more.add(suspected + " suspected regression" + (suspected == 1 ? "" : "s") + " measured again in "
                + again.runId() + " (interleaved with the calibration probes) and judged over both runs: " + stood
                + " confirmed");
        if (both.drift().moved() && !drift.moved()) {
            more.add(both.drift().describe());
        }
        return new Comparison(
                baseline,
                List.of(run(), again),
                thresholds,
                alpha,
                both.drift(),
                confirmed,
                onlyInBaseline,
                onlyInCurrent,
                notCompared,
                environmentDifferences,
                more);
    }

    /** This comparison with {@code more} warnings after its own. */
    public Comparison withWarnings(List<String> more) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new Comparison(
                baseline,
                current,
                thresholds,
                alpha,
                drift,
                results,
                onlyInBaseline,
                onlyInCurrent,
                notCompared,
                environmentDifferences,
                all);
    }

    /** The keys of the cases with a metric that regressed (not those that failed), in order. */
    public List<String> regressedCases() {
        return results.stream()
                .filter(r -> r.verdict() == Verdict.REGRESSED)
                .map(MetricResult::caseKey)
                .distinct()
                .toList();
    }

    /** Results that fail the gate. */
    public List<MetricResult> failures() {
        return results.stream().filter(r -> r.verdict().failsGate()).toList();
    }

    /** Results the gate could not judge at all. */
    public List<MetricResult> blind() {
        return results.stream().filter(r -> r.verdict().blindsGate()).toList();
    }

    /** How many results have {@code verdict}. */
    public long count(Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    /** One line: {@code 2 regressed, 1 improved, 30 unchanged, 3 too-noisy (36 comparisons of 12 cases)}. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            long n = count(v);
            if (n > 0 || v == Verdict.REGRESSED) {
                parts.add(n + " " + v.id());
            }
        }
        long cases = results.stream().map(MetricResult::caseKey).distinct().count();
        return String.join(", ", parts) + " (" + results.size() + " comparisons of " + cases + " cases)";
    }

    private static MetricResult failed(RunSamples.CaseSamples cur, GateSpec thresholds) {
        return new MetricResult(
                cur.key(),
                Metric.P50,
                Verdict.FAILED,
                Double.NaN,
                Double.NaN,
                null,
                Double.NaN,
                thresholds.percent(Metric.P50),
                0,
                0,
                "ran in the baseline but failed now: " + firstLine(cur.reason()));
    }

    private static String p(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p);
    }

    private static String reason(RunSamples.CaseSamples c) {
        return c.reason().isEmpty() ? "" : " (" + firstLine(c.reason()) + ")";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static List<String> environmentDifferences(Baseline baseline, RunSamples current) {
        return baseline.runs().getLast().identity().differences(current.identity());
    }

    private static List<String> warnings(
            Baseline baseline, List<RunSamples> current, GateSpec thresholds, Drift drift) {
        List<String> warnings = new ArrayList<>();
        for (RunSamples r : baseline.runs()) {
            injected(r, "baseline run").ifPresent(warnings::add);
        }
        for (RunSamples r : current) {
            injected(r, "current run").ifPresent(warnings::add);
        }
        RunSamples run = current.getFirst();
        if (!baseline.runs().getLast().jmh().equals(run.jmh())) {
            warnings.add("the runs were measured with different JMH settings: baseline "
                    + baseline.runs().getLast().jmh() + ", current " + run.jmh());
        }
        if (!run.thresholds().equals(thresholds)) {
            warnings.add("the current run's scenario has other gate thresholds; a run is judged by the baseline's (or"
                    + " the command line's), never by its own");
        }
        if (baseline.runs().size() < RunLevelTest.MIN_RUNS_FOR_SPREAD) {
            warnings.add("the baseline has " + baseline.runs().size() + " run"
                    + (baseline.runs().size() == 1 ? "" : "s")
                    + ": its run-to-run noise is unknown, so a slow spell of the machine can look like a regression;"
                    + " add runs (ipcmark baseline add NAME RUN…) until it has " + RunLevelTest.MIN_RUNS_FOR_SPREAD
                    + " or more");
        }
        if (drift.moved()) {
            warnings.add(drift.describe());
        }
        if (drift.probes().isEmpty()) {
            warnings.add("no calibration probes to compare (a run made before ipcmark measured them): the machine's"
                    + " own drift cannot be told from the code's");
        }
        return warnings;
    }

    private static Optional<String> injected(RunSamples run, String which) {
        return run.peerDelay()
                .map(d -> "the " + which + " " + run.runId() + " has an injected peer delay of " + d
                        + " per message (inject.peerDelay): it is a test of the gate, not a measurement");
    }
}
