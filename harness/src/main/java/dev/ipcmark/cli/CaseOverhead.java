package dev.ipcmark.cli;

import dev.ipcmark.results.CaseResult;
import dev.ipcmark.scenario.JmhSettings;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What each case cost beyond its warm-up and measurement (starting the JMH fork and the peer JVM, the hand-shake,
 * collecting the results): the line a run prints under its table, so that a suite's time can be told apart from what
 * it measured.
 */
final class CaseOverhead {
    private CaseOverhead() {}

    /** The median and range over the cases that ran, or empty when none did. */
    static Optional<String> describe(List<CaseResult> results, JmhSettings jmh) {
        double[] beyond = results.stream()
                .filter(r -> r.status() == CaseResult.Status.OK)
                .mapToDouble(r -> r.seconds() - r.forks() * measuredSeconds(jmh))
                .sorted()
                .toArray();
        if (beyond.length == 0) {
            return Optional.empty();
        }
        double median = beyond.length % 2 == 1
                ? beyond[beyond.length / 2]
                : (beyond[beyond.length / 2 - 1] + beyond[beyond.length / 2]) / 2;
        return Optional.of(String.format(
                Locale.ROOT,
                "Per case beyond warm-up and measurement (JVM starts, peer, hand-shake, results): median %.2f s,"
                        + " %.2f to %.2f s over %d case%s.",
                median,
                beyond[0],
                beyond[beyond.length - 1],
                beyond.length,
                beyond.length == 1 ? "" : "s"));
    }

    private static double measuredSeconds(JmhSettings jmh) {
        return (jmh.warmupIterations() * jmh.warmupTime().toNanos()
                        + jmh.measurementIterations() * jmh.measurementTime().toNanos())
                / 1e9;
    }
}
