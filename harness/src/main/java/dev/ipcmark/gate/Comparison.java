package dev.ipcmark.gate;

import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<MetricJudge.Test> tests = new ArrayList<>();
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
                    List<RunSamples.CaseSamples> bCases = baseOk.stream()
                            .filter(c -> c.samples().containsKey(m))
                            .toList();
                    List<RunSamples.CaseSamples> cCases = current.stream()
                            .map(r -> r.cases().get(cur.key()))
                            .filter(x -> x != null && x.ok() && x.samples().containsKey(m))
                            .toList();
                    List<List<double[]>> b =
                            bCases.stream().map(c -> c.samples().get(m)).toList();
                    List<List<double[]>> measured =
                            cCases.stream().map(x -> x.samples().get(m)).toList();
                    if (!b.isEmpty()) {
                        boolean entersKernel = KernelEntryAdjustment.entersKernel(bCases.stream()
                                .mapToDouble(RunSamples.CaseSamples::kernelShare)
                                .toArray());
                        ForksAside aside = entersKernel
                                ? null
                                : ForksAside.of(cacheLines(bCases), cacheLines(cCases))
                                        .orElse(null);
                        List<List<double[]>> c = aside == null ? measured : aside.keep(measured);
                        MainLevel level = MainLevel.of(b, c, t).orElse(null);
                        boolean atLevel = level != null && level.reached();
                        KernelEntryAdjustment adjustment = KernelEntryAdjustment.of(
                                        m,
                                        atLevel ? level.baseline() : b,
                                        atLevel ? level.baselineAlongside(b, probes(bCases)) : probes(bCases),
                                        atLevel ? level.current() : c,
                                        atLevel ? level.currentAlongside(c, probes(cCases)) : probes(cCases))
                                .orElse(null);
                        Placement placement = entersKernel || aside != null
                                ? null
                                : Placement.unseen(cacheLines(bCases), cacheLines(cCases))
                                        .orElse(null);
                        tests.add(new MetricJudge.Test(
                                cur.key(), m, b, c, t, level, adjustment, !entersKernel, placement, aside));
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
        List<MetricResult> results = MetricJudge.judge(tests, alpha, drift);
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
                ComparisonWarnings.environmentDifferences(baseline, run),
                ComparisonWarnings.warnings(baseline, current, thresholds, drift));
    }

    /** The probes' threshold: the p50 threshold, or 10 % when p50 is not gated. */
    private static double probeThreshold(GateSpec thresholds) {
        double p50 = thresholds.percent(Metric.P50);
        return Double.isNaN(p50) ? 10 : p50;
    }

    private static List<MetricResult> inRunOrder(RunSamples run, List<MetricResult> results) {
        List<String> keys = new ArrayList<>(run.cases().keySet());
        List<MetricResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparingInt((MetricResult r) -> keys.indexOf(r.caseKey()))
                .thenComparing(r -> r.metric().ordinal()));
        return sorted;
    }

    /**
     * This comparison with its suspects measured again: for each metric that regressed, or could not be told from
     * noise while its change lay past the threshold ({@link MetricResult#suspect()}), the run and its re-measurement
     * {@code again} are judged together as two runs of the current code (so a shift seen twice adds up, and a fluke is
     * diluted), with the calibration probes of both; every other result stands as it was.
     */
    public Comparison confirmedBy(RunSamples again) {
        Comparison both = of(baseline, List.of(run(), again), thresholds, alpha);
        Map<String, MetricResult> combined = new LinkedHashMap<>();
        both.results().forEach(r -> combined.put(r.caseKey() + "/" + r.metric(), r));
        List<MetricResult> confirmed = new ArrayList<>();
        int stood = 0;
        for (MetricResult r : results) {
            if (!r.suspect()) {
                confirmed.add(r);
                continue;
            }
            MetricResult c = combined.get(r.caseKey() + "/" + r.metric());
            if (r.verdict() != Verdict.REGRESSED) {
                // Not told from noise in one run, its change past the threshold: both runs together judge it.
                confirmed.add(
                        c == null
                                ? r
                                : c.with(
                                        c.verdict(),
                                        c.note() + "; judged over both runs with its re-measurement " + again.runId()
                                                + " ("
                                                + r.verdict().id() + " " + r.change() + " in " + run().runId()
                                                + " alone)"));
                if (c != null && c.verdict().failsGate()) {
                    stood++;
                }
                continue;
            }
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
        long regressed =
                results.stream().filter(r -> r.verdict() == Verdict.REGRESSED).count();
        long untold = results.stream()
                .filter(r -> r.suspect() && r.verdict() != Verdict.REGRESSED)
                .count();
        List<String> more = new ArrayList<>(warnings);
        more.add(regressed + " suspected regression" + (regressed == 1 ? "" : "s")
                + (untold > 0
                        ? " and " + untold + " change" + (untold == 1 ? "" : "s") + " past the threshold too noisy"
                                + " to tell in one run"
                        : "")
                + " measured again in " + again.runId() + " (interleaved with the calibration probes) and judged over"
                + " both runs: " + stood + " confirmed");
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

    /** The keys of the cases the gate measures again ({@link MetricResult#suspect()}), in order. */
    public List<String> suspectCases() {
        return results.stream()
                .filter(MetricResult::suspect)
                .map(MetricResult::caseKey)
                .distinct()
                .toList();
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

    private static String reason(RunSamples.CaseSamples c) {
        return c.reason().isEmpty() ? "" : " (" + firstLine(c.reason()) + ")";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static List<List<double[]>> cacheLines(List<RunSamples.CaseSamples> runs) {
        return runs.stream().map(RunSamples.CaseSamples::cacheLineNs).toList();
    }

    private static List<List<double[]>> probes(List<RunSamples.CaseSamples> runs) {
        return runs.stream().map(RunSamples.CaseSamples::kernelEntryNs).toList();
    }
}
