package dev.ipcmark.results;

import dev.ipcmark.scenario.CaseMatrix;
import dev.ipcmark.scenario.CaseMatrix.PlannedCase;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.JmhSettings;
import dev.ipcmark.scenario.Scenario;
import dev.ipcmark.scenario.ScenarioException;
import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.scenario.TransportCatalog;
import dev.ipcmark.transport.TransportKind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * What each fork of a run's cases cost beyond its warm-up and measurement (starting the JMH fork's and the peer's JVMs,
 * the hand-shake, collecting the results), as median and range over the cases that ran of each case's time per fork:
 * the run prints it under its table and the report shows it, so that a suite's time can be told apart from what it
 * measured. Per fork, because that is what is paid again for each: a case of four forks pays it four times.
 *
 * @param medianSeconds the median over the cases
 * @param minSeconds the least
 * @param maxSeconds the most
 * @param cases how many cases ran
 */
public record ForkOverhead(double medianSeconds, double minSeconds, double maxSeconds, int cases) {
    /** Of {@code results}, planned as {@code cases} and measured with {@code jmh}; empty when no case ran. */
    public static Optional<ForkOverhead> of(List<CaseResult> results, List<PlannedCase> cases, JmhSettings jmh) {
        Map<CaseSpec, JmhSettings> settings = new HashMap<>();
        cases.forEach(c -> settings.put(c.spec(), c.jmh(jmh)));
        return of(results.stream()
                .filter(r -> r.status() == CaseResult.Status.OK && r.forks() > 0)
                .mapToDouble(r -> perFork(r.seconds(), r.forks(), settings.getOrDefault(r.spec(), jmh))));
    }

    /**
     * Of a run as its run.json has it: the cases' seconds and forks, and each case's settings from the resolved scenario
     * (a block's own warm-up included); empty when no case ran or the scenario cannot be read back (a run.json of
     * another tool or version, or cut short).
     */
    public static Optional<ForkOverhead> of(RunRecord run) {
        if (run.scenario() == null || run.cases() == null) {
            return Optional.empty();
        }
        TransportCatalog catalog = TransportKind.catalog();
        Scenario scenario;
        try {
            // JSON is YAML: the resolved scenario loads as a scenario file does.
            scenario = new ScenarioLoader(catalog)
                    .parse(RunRecord.tree(run.scenario()).toString(), "the run's scenario");
        } catch (ScenarioException e) {
            return Optional.empty();
        }
        Map<String, JmhSettings> settings = new HashMap<>();
        CaseMatrix.expand(scenario, catalog, spec -> Optional.empty())
                .forEach(c -> settings.put(c.spec().key(), c.jmh(scenario.jmh())));
        return of(run.cases().stream()
                .filter(c -> c.ok() && c.forks() != null && c.forks() > 0)
                .mapToDouble(c -> perFork(c.seconds(), c.forks(), settings.getOrDefault(c.key(), scenario.jmh()))));
    }

    // A case's seconds per fork beyond its iterations.
    private static double perFork(double seconds, int forks, JmhSettings jmh) {
        return seconds / forks - jmh.iterationTimePerFork().toNanos() / 1e9;
    }

    private static Optional<ForkOverhead> of(DoubleStream beyond) {
        double[] s = beyond.sorted().toArray();
        if (s.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new ForkOverhead(NestedBootstrap.median(s), s[0], s[s.length - 1], s.length));
    }

    /** The figure in a sentence, as the run prints it. */
    public String sentence() {
        return String.format(
                Locale.ROOT,
                "Per fork beyond warm-up and measurement (JVM starts of the fork and its peer, hand-shake, results):"
                        + " median %.2f s, %.2f to %.2f s over %d case%s.",
                medianSeconds,
                minSeconds,
                maxSeconds,
                cases,
                cases == 1 ? "" : "s");
    }
}
