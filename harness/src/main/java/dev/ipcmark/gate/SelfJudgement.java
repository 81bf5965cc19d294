package dev.ipcmark.gate;

import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A saved baseline judged against itself: each of its runs compared with a baseline of the others (leave one out), as
 * a gate against it compares a run of unchanged code. It tells before any gated run what a gate against this baseline
 * can say on its machine: whether its own runs raise a false alarm, how many of its metrics it can call unchanged, and
 * which are too noisy to gate, from what change on. Nothing is measured, so it says nothing of detection; a baseline
 * of {@value #FEWEST_RUNS} or more runs leaves {@value RunLevelTest#MIN_RUNS_FOR_SPREAD} or more in each comparison,
 * enough for the run-to-run noise the gate judges by (with one fewer than the gate will have, so it errs on the
 * side of "too noisy").
 *
 * @param runs how many runs the baseline has, each judged once
 * @param falseCalls verdicts that would have failed or flattered a gate: regressed, improved, failed
 * @param conclusive p50 and throughput comparisons found unchanged
 * @param gated p50 and throughput comparisons in all
 * @param metrics each case and gated metric with its verdicts and the median of its detectable change, in case order
 */
public record SelfJudgement(int runs, int falseCalls, int conclusive, int gated, List<MetricSummary> metrics) {
    /** Fewest runs a baseline needs to be judged against itself. */
    public static final int FEWEST_RUNS = RunLevelTest.MIN_RUNS_FOR_SPREAD + 1;

    /**
     * One case's gated metric over the leave-one-out comparisons.
     *
     * @param caseKey the case
     * @param metric the metric
     * @param verdicts how many comparisons gave each verdict, most frequent first
     * @param detectablePercent the median minimum detectable change, in percent (NaN when never tested)
     * @param thresholdPercent the threshold it is judged against
     */
    public record MetricSummary(
            String caseKey,
            Metric metric,
            Map<Verdict, Integer> verdicts,
            double detectablePercent,
            double thresholdPercent) {
        /** Whether most of its comparisons found it too noisy to gate. */
        public boolean mostlyNoisy() {
            int noisy = verdicts.getOrDefault(Verdict.NOISY, 0);
            return 2 * noisy
                    > verdicts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Judges {@code baseline} against itself at {@code alpha}; throws {@link GateException} below {@link #FEWEST_RUNS}. */
    public static SelfJudgement of(Baseline baseline, double alpha) {
        List<RunSamples> all = baseline.runs();
        if (all.size() < FEWEST_RUNS) {
            throw new GateException(baseline.describe() + " has " + all.size() + " run" + (all.size() == 1 ? "" : "s")
                    + "; judging it against itself needs " + FEWEST_RUNS + " or more (each run against "
                    + RunLevelTest.MIN_RUNS_FOR_SPREAD + " others)");
        }
        int falseCalls = 0;
        int conclusive = 0;
        int gated = 0;
        Map<String, List<MetricResult>> byMetric = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            List<RunSamples> others = new ArrayList<>(all);
            RunSamples left = others.remove(i);
            Baseline rest = Baseline.of(baseline.dir(), others);
            for (MetricResult r :
                    Comparison.of(rest, List.of(left), rest.thresholds(), alpha).results()) {
                if (r.verdict().failsGate() || r.verdict() == Verdict.IMPROVED) {
                    falseCalls++;
                }
                if (r.metric() == Metric.P50 || r.metric() == Metric.THROUGHPUT) {
                    gated++;
                    if (r.verdict() == Verdict.UNCHANGED) {
                        conclusive++;
                    }
                }
                byMetric.computeIfAbsent(r.caseKey() + "\n" + r.metric(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        List<MetricSummary> metrics = new ArrayList<>();
        for (List<MetricResult> results : byMetric.values()) {
            Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
            results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
            Map<Verdict, Integer> ordered = new LinkedHashMap<>();
            counts.entrySet().stream()
                    .sorted(Map.Entry.<Verdict, Integer>comparingByValue().reversed())
                    .forEach(e -> ordered.put(e.getKey(), e.getValue()));
            double[] detectable = results.stream()
                    .mapToDouble(MetricResult::detectablePercent)
                    .filter(d -> !Double.isNaN(d))
                    .toArray();
            MetricResult first = results.getFirst();
            metrics.add(new MetricSummary(
                    first.caseKey(),
                    first.metric(),
                    ordered,
                    detectable.length == 0 ? Double.NaN : RunLevelTest.median(detectable),
                    first.thresholdPercent()));
        }
        return new SelfJudgement(all.size(), falseCalls, conclusive, gated, List.copyOf(metrics));
    }

    /** One paragraph for people: the false calls, the share conclusive, and how many metrics are too noisy here. */
    public String summary() {
        long noisy = metrics.stream().filter(MetricSummary::mostlyNoisy).count();
        return String.format(
                Locale.ROOT,
                "Judged against itself (each of its %d runs against the other %d, as a gate judges unchanged code):"
                        + " %d false call%s; %d of %d p50 and throughput comparisons unchanged (%.0f%%); %d of %d"
                        + " gated metrics too noisy to gate here in most.",
                runs,
                runs - 1,
                falseCalls,
                falseCalls == 1 ? "" : "s",
                conclusive,
                gated,
                gated == 0 ? 0.0 : 100.0 * conclusive / gated,
                noisy,
                metrics.size());
    }
}
