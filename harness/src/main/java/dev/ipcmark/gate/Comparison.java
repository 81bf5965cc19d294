package dev.ipcmark.gate;

import dev.ipcmark.scenario.GateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A current run compared with a baseline: cases matched by key, and for each case that ran in both, each gated metric
 * judged from the per-iteration samples.
 *
 * <p>A change counts only when it is both significant and larger than its threshold. Significant means the
 * Mann–Whitney test rejects "no difference" at {@code alpha} <em>and</em> the bootstrap interval of the ratio of
 * medians (confidence 1 − alpha, forks resampled first) excludes 1. Larger than the threshold means the ratio of medians
 * lies beyond it. A change that is not significant but whose interval reaches past the threshold is inconclusive: the
 * samples are too noisy to say.
 *
 * @param baseline the baseline run
 * @param current the current run
 * @param thresholds the thresholds applied
 * @param alpha the significance level
 * @param results one per case in both runs and gated metric both have samples of, in the current run's order
 * @param onlyInBaseline keys of cases the current run does not have
 * @param onlyInCurrent keys of cases the baseline does not have
 * @param notCompared cases in both that did not run in both, each as "key: why"
 * @param environmentDifferences identity fields that differ, each as "field: baseline value ≠ current value"
 * @param warnings other things a reader must know (an injected delay, different JMH settings)
 */
public record Comparison(
        RunSamples baseline,
        RunSamples current,
        GateSpec thresholds,
        double alpha,
        List<MetricResult> results,
        List<String> onlyInBaseline,
        List<String> onlyInCurrent,
        List<String> notCompared,
        List<String> environmentDifferences,
        List<String> warnings) {

    /** The significance level used unless told otherwise. */
    public static final double DEFAULT_ALPHA = 0.01;

    /** Fewest iterations per run for a test to be tried at all. */
    static final int MIN_SAMPLES = 3;

    /** Copies the lists. */
    public Comparison {
        results = List.copyOf(results);
        onlyInBaseline = List.copyOf(onlyInBaseline);
        onlyInCurrent = List.copyOf(onlyInCurrent);
        notCompared = List.copyOf(notCompared);
        environmentDifferences = List.copyOf(environmentDifferences);
        warnings = List.copyOf(warnings);
    }

    /**
     * Compares {@code current} with {@code baseline}; throws {@link GateException} when they have no case in common.
     */
    public static Comparison of(RunSamples baseline, RunSamples current, GateSpec thresholds, double alpha) {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be between 0 and 0.5, got " + alpha);
        }
        List<MetricResult> results = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        List<String> onlyInCurrent = new ArrayList<>();
        for (RunSamples.CaseSamples cur : current.cases().values()) {
            RunSamples.CaseSamples base = baseline.cases().get(cur.key());
            if (base == null) {
                onlyInCurrent.add(cur.key());
            } else if (!base.ok()) {
                notCompared.add(cur.key() + ": " + base.status() + " in the baseline" + reason(base));
            } else if (cur.status().equals("failed")) {
                results.add(failed(cur, thresholds));
            } else if (!cur.ok()) {
                notCompared.add(cur.key() + ": " + cur.status() + " in the current run" + reason(cur));
            } else {
                for (Metric m : Metric.values()) {
                    double t = thresholds.percent(m.id());
                    List<double[]> b = base.samples().get(m);
                    List<double[]> c = cur.samples().get(m);
                    if (!Double.isNaN(t) && b != null && c != null) {
                        results.add(judge(cur.key(), m, b, c, t, alpha));
                    }
                }
            }
        }
        List<String> onlyInBaseline = baseline.cases().keySet().stream()
                .filter(k -> !current.cases().containsKey(k))
                .toList();
        long common = current.cases().keySet().stream()
                .filter(baseline.cases()::containsKey)
                .count();
        if (common == 0) {
            throw new GateException("no case in common: the baseline " + baseline.runId() + " has "
                    + baseline.cases().size() + " cases and the current run " + current.runId() + " has "
                    + current.cases().size() + ", but no key is in both (were they run from the same scenario?)");
        }
        return new Comparison(
                baseline,
                current,
                thresholds,
                alpha,
                results,
                onlyInBaseline,
                onlyInCurrent,
                notCompared,
                environmentDifferences(baseline, current),
                warnings(baseline, current));
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
                results,
                onlyInBaseline,
                onlyInCurrent,
                notCompared,
                environmentDifferences,
                all);
    }

    /**
     * This comparison after the cases that regressed were measured again ({@code again}: the baseline against that
     * second run): a regression stands only when the second measurement shows it too. A case that failed stays failed:
     * a crash is never noise. A run-long slow spell of a
     * shared machine (a neighbour, a host core shared with another guest) looks exactly like a regression within one
     * run, but rarely lasts into the next.
     */
    public Comparison confirmedBy(Comparison again) {
        List<MetricResult> confirmed = new ArrayList<>();
        int suspected = 0;
        int stood = 0;
        for (MetricResult r : results) {
            if (r.verdict() != Verdict.REGRESSED) {
                confirmed.add(r);
                continue;
            }
            suspected++;
            Optional<MetricResult> second = again.results.stream()
                    .filter(a -> a.caseKey().equals(r.caseKey())
                            && (a.metric() == r.metric() || a.verdict() == Verdict.FAILED))
                    .findFirst();
            String id = again.current().runId();
            if (second.isPresent() && second.get().verdict().failsGate()) {
                stood++;
                confirmed.add(r.with(
                        r.verdict(),
                        r.note() + "; measured again in " + id + ": "
                                + second.get().change()));
            } else {
                String then =
                        second.map(a -> a.verdict().id() + " " + a.change()).orElse("not measured");
                confirmed.add(r.with(
                        Verdict.INCONCLUSIVE,
                        r.verdict().id() + " " + r.change() + ", but measured again in " + id + ": " + then
                                + "; not reproduced, so taken for the machine's noise"));
            }
        }
        List<String> moreWarnings = new ArrayList<>(warnings);
        moreWarnings.add(suspected + " suspected regression" + (suspected == 1 ? "" : "s") + " measured again in "
                + again.current().runId() + ": " + stood + " reproduced");
        return new Comparison(
                baseline,
                current,
                thresholds,
                alpha,
                confirmed,
                onlyInBaseline,
                onlyInCurrent,
                notCompared,
                environmentDifferences,
                moreWarnings);
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

    /** How many results have {@code verdict}. */
    public long count(Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    /** One line: {@code 2 regressed, 1 improved, 30 unchanged, 3 inconclusive (36 comparisons of 12 cases)}. */
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

    /** Judges one metric of one case from its per-fork, per-iteration samples in both runs. */
    static MetricResult judge(
            String key, Metric metric, List<double[]> base, List<double[]> cur, double thresholdPercent, double alpha) {
        double[] b = BootstrapRatio.flatten(base);
        double[] c = BootstrapRatio.flatten(cur);
        double bm = BootstrapRatio.median(b);
        double cm = BootstrapRatio.median(c);
        if (b.length < MIN_SAMPLES || c.length < MIN_SAMPLES) {
            return untested(
                    key,
                    metric,
                    b,
                    c,
                    thresholdPercent,
                    "too few samples to test (" + b.length + " and "
                            + c.length + " iterations; at least " + MIN_SAMPLES
                            + " each are needed, 10 or more to detect small changes)");
        }
        if (!(bm > 0)) {
            return untested(
                    key, metric, b, c, thresholdPercent, "the baseline's median is 0, so a ratio means nothing");
        }
        BootstrapRatio.Interval interval = BootstrapRatio.of(base, cur, 1 - alpha);
        double p = MannWhitney.test(c, b).pValue();
        double t = thresholdPercent / 100;
        double ratio = interval.ratio();
        boolean significant = p < alpha && interval.excludesOne();
        boolean beyond = ratio > 1 + t || ratio < 1 - t;
        Verdict verdict;
        String note;
        String level = String.format(Locale.ROOT, "%.0f%%", (1 - alpha) * 100);
        String limit = "±" + GateSpec.formatPercent(thresholdPercent);
        if (significant && beyond) {
            verdict = (ratio > 1) == metric.higherIsBetter() ? Verdict.IMPROVED : Verdict.REGRESSED;
            note = "significant (p " + pValue(p) + ") and beyond " + limit;
        } else if (interval.low() >= 1 - t && interval.high() <= 1 + t) {
            verdict = Verdict.UNCHANGED;
            note = "the " + level + " interval of the change lies within " + limit;
        } else if (significant) {
            verdict = Verdict.UNCHANGED;
            note = "a significant change (p " + pValue(p) + "), but within " + limit;
        } else {
            verdict = Verdict.INCONCLUSIVE;
            String why = p < alpha
                    ? "not significant across forks (p " + pValue(p) + " over iterations, but the " + level
                            + " interval includes no change)"
                    : "not significant (p " + pValue(p) + ")";
            note = why + ", and the " + level + " interval reaches past " + limit
                    + ": too noisy to tell; more iterations or forks would narrow it";
        }
        return new MetricResult(key, metric, verdict, bm, cm, interval, p, thresholdPercent, b.length, c.length, note);
    }

    private static MetricResult untested(
            String key, Metric metric, double[] b, double[] c, double thresholdPercent, String why) {
        return new MetricResult(
                key,
                metric,
                Verdict.INCONCLUSIVE,
                BootstrapRatio.median(b),
                BootstrapRatio.median(c),
                null,
                Double.NaN,
                thresholdPercent,
                b.length,
                c.length,
                why);
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
                thresholds.p50Percent(),
                0,
                0,
                "ran in the baseline but failed now: " + firstLine(cur.reason()));
    }

    private static String pValue(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p);
    }

    private static String reason(RunSamples.CaseSamples c) {
        return c.reason().isEmpty() ? "" : " (" + firstLine(c.reason()) + ")";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static List<String> environmentDifferences(RunSamples baseline, RunSamples current) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : baseline.identity().entrySet()) {
            String now = current.identity().getOrDefault(e.getKey(), "unknown");
            if (!now.equals(e.getValue())) {
                differences.add(e.getKey() + ": " + e.getValue() + " ≠ " + now);
            }
        }
        return differences;
    }

    private static List<String> warnings(RunSamples baseline, RunSamples current) {
        List<String> warnings = new ArrayList<>();
        injected(baseline, "baseline").ifPresent(warnings::add);
        injected(current, "current run").ifPresent(warnings::add);
        if (!baseline.jmh().equals(current.jmh())) {
            warnings.add("the runs were measured with different JMH settings: baseline " + baseline.jmh() + ", current "
                    + current.jmh());
        }
        return warnings;
    }

    private static Optional<String> injected(RunSamples run, String which) {
        return run.peerDelay()
                .map(d -> "the " + which + " (" + run.runId() + ") has an injected peer delay of " + d
                        + " per message (inject.peerDelay): it is a test of the gate, not a measurement");
    }
}
