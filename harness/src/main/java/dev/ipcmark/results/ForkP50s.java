package dev.ipcmark.results;

import dev.ipcmark.scenario.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Each finished case's p50s by fork and iteration, handed to a judgement that finds something or not; and how a run
 * prints what was found.
 */
final class ForkP50s {
    private ForkP50s() {}

    /** What {@code judge} finds in each ok case of {@code results}, in their order. */
    static <T> List<T> judge(List<CaseResult> results, BiFunction<String, List<double[]>, Optional<T>> judge) {
        List<T> found = new ArrayList<>();
        for (CaseResult r : results) {
            if (r.status() == CaseResult.Status.OK && r.samples() != null) {
                judge.apply(r.spec().key(), arrays(r.samples().of(Metric.P50))).ifPresent(found::add);
            }
        }
        return found;
    }

    /** What {@code judge} finds in each ok case of the run {@code record}, in their order (none without samples). */
    static <T> List<T> judge(RunRecord record, BiFunction<String, List<double[]>, Optional<T>> judge) {
        List<T> found = new ArrayList<>();
        for (RunRecord.CaseRecord c : record.cases() == null ? List.<RunRecord.CaseRecord>of() : record.cases()) {
            List<List<Double>> forks =
                    c.ok() && c.samples() != null ? c.samples().of(Metric.P50) : null;
            if (forks != null) {
                judge.apply(c.key(), arrays(forks)).ifPresent(found::add);
            }
        }
        return found;
    }

    /** A heading, then one indented line per finding; nothing when there are none. */
    static List<String> lines(String heading, List<String> findings) {
        if (findings.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(heading);
        findings.forEach(f -> lines.add("  " + f));
        return lines;
    }

    private static List<double[]> arrays(List<List<Double>> forks) {
        return forks.stream()
                .map(f -> f.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
    }
}
