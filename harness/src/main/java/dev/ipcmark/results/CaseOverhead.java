package dev.ipcmark.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.JmhSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * What each case of a run cost beyond its warm-up and measurement (starting the JMH fork and the peer JVM, the
 * hand-shake, collecting the results), as median and range over the cases that ran: the run prints it under its table
 * and the report shows it, so that a suite's time can be told apart from what it measured.
 *
 * @param medianSeconds the median over the cases
 * @param minSeconds the least
 * @param maxSeconds the most
 * @param cases how many cases ran
 */
public record CaseOverhead(double medianSeconds, double minSeconds, double maxSeconds, int cases) {
    /** Of {@code results}, measured with {@code jmh}; empty when no case ran. */
    public static Optional<CaseOverhead> of(List<CaseResult> results, JmhSettings jmh) {
        double perFork =
                perFork(jmh.warmupIterations(), jmh.warmupTime(), jmh.measurementIterations(), jmh.measurementTime());
        return of(results.stream()
                .filter(r -> r.status() == CaseResult.Status.OK)
                .mapToDouble(r -> r.seconds() - r.forks() * perFork));
    }

    /**
     * Of a run as its run.json has it: the cases' seconds and forks, and the resolved scenario's JMH settings; empty
     * when no case ran or the settings are not there (a run.json of another tool, or cut short).
     */
    public static Optional<CaseOverhead> of(RunRecord run) {
        if (run.scenario() == null || run.cases() == null) {
            return Optional.empty();
        }
        JsonNode jmh = RunRecord.tree(run.scenario()).path("jmh");
        JsonNode warmup = jmh.path("warmup");
        JsonNode measurement = jmh.path("measurement");
        if (!warmup.path("time").isTextual() || !measurement.path("time").isTextual()) {
            return Optional.empty();
        }
        double perFork;
        try {
            perFork = perFork(
                    warmup.path("iterations").asInt(),
                    Durations.parse(warmup.path("time").asText()),
                    measurement.path("iterations").asInt(),
                    Durations.parse(measurement.path("time").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return of(run.cases().stream()
                .filter(c -> c.ok() && c.forks() != null)
                .mapToDouble(c -> c.seconds() - c.forks() * perFork));
    }

    private static double perFork(int warmups, Duration warmup, int measurements, Duration measurement) {
        return (warmups * warmup.toNanos() + measurements * measurement.toNanos()) / 1e9;
    }

    private static Optional<CaseOverhead> of(DoubleStream beyond) {
        double[] s = beyond.sorted().toArray();
        if (s.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new CaseOverhead(NestedBootstrap.median(s), s[0], s[s.length - 1], s.length));
    }

    /** The figure in a sentence, as the run prints it. */
    public String sentence() {
        return String.format(
                Locale.ROOT,
                "Per case beyond warm-up and measurement (JVM starts, peer, hand-shake, results): median %.2f s,"
                        + " %.2f to %.2f s over %d case%s.",
                medianSeconds,
                minSeconds,
                maxSeconds,
                cases,
                cases == 1 ? "" : "s");
    }
}
