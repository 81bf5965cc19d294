package dev.ipcmark.report;

import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.results.NestedBootstrap;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Metric;
import dev.ipcmark.scenario.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * One case of a run, as recorded in run.json.
 *
 * @param key the canonical case key
 * @param pattern the pattern's id
 * @param transport the transport's id
 * @param messageBytes the message (or payload, or segment) size
 * @param knobs every knob's value, defaults included
 * @param status ok, failed or skipped
 * @param reason why it failed or was skipped (empty when it ran)
 * @param latencyNs percentiles in ns by name (p50, p90, p99, p999, p9999, max, mean, samples); empty unless it ran
 * @param megabytesPerSecond delivered MB/s by the pattern's own clock, when it keeps one
 * @param costs per-operation kernel costs: {@code self.userNs}, {@code peer.voluntarySwitches} …; empty unless read
 * @param hlog the case's histogram log, when it ran
 * @param iterations each fork's per-iteration values by metric ({@code p50} in ns, {@code rate} in messages per
 *     second), for judging how sure a comparison within the run is; empty when the run kept none
 * @param profiles the flame profiler's collapsed stacks by process ({@code measuring}, {@code peer}), when it ran
 */
public record CaseRow(
        String key,
        String pattern,
        String transport,
        long messageBytes,
        SequencedMap<String, String> knobs,
        String status,
        String reason,
        Map<String, Double> latencyNs,
        Optional<Double> megabytesPerSecond,
        Map<String, Double> costs,
        Optional<Path> hlog,
        Map<String, List<double[]>> iterations,
        SequencedMap<String, Path> profiles) {

    /** Whether this is a case of {@code p}. */
    boolean is(Pattern p) {
        return p.id().equals(pattern);
    }

    static CaseRow of(RunRecord.CaseRecord c, Path runDir) {
        SequencedMap<String, String> knobs = new LinkedHashMap<>(c.knobs() == null ? Map.of() : c.knobs());
        Map<String, Double> latency = new LinkedHashMap<>();
        LatencyStats l = c.latencyNs();
        if (l != null) {
            latency.put("samples", (double) l.samples());
            latency.put("p50", (double) l.p50());
            latency.put("p90", (double) l.p90());
            latency.put("p99", (double) l.p99());
            latency.put("p999", (double) l.p999());
            latency.put("p9999", (double) l.p9999());
            latency.put("max", (double) l.max());
            latency.put("mean", l.mean());
        }
        Map<String, Double> costs = new LinkedHashMap<>();
        if (c.costsPerOperation() != null) {
            put(costs, "self", c.costsPerOperation().self());
            put(costs, "peer", c.costsPerOperation().peer());
        }
        String hlog = c.files() == null ? null : c.files().get("hlog");
        return new CaseRow(
                c.key(),
                c.pattern(),
                c.transport(),
                c.messageBytes(),
                knobs,
                c.status(),
                c.reason() == null ? "" : c.reason(),
                latency,
                c.throughput() == null
                        ? Optional.empty()
                        : Optional.of(c.throughput().bytesPerSecond() / 1e6),
                costs,
                hlog == null ? Optional.empty() : Optional.of(runDir.resolve(hlog)),
                iterations(c.samples()),
                profiles(c.key(), runDir));
    }

    private static SequencedMap<String, Path> profiles(String key, Path runDir) {
        SequencedMap<String, Path> profiles = new LinkedHashMap<>();
        for (String process : RunDirectory.PROFILED) {
            Path file = runDir.resolve(RunDirectory.PROFILES)
                    .resolve(CaseSpec.fileNameOf(key) + "." + process + ".collapsed");
            if (Files.isRegularFile(file)) {
                profiles.put(process, file);
            }
        }
        return profiles;
    }

    private static Map<String, List<double[]>> iterations(RunRecord.SamplesRecord samples) {
        Map<String, List<double[]>> iterations = new LinkedHashMap<>();
        if (samples != null) {
            putIf(iterations, "p50", samples.of(Metric.P50));
            putIf(iterations, "rate", samples.of(Metric.THROUGHPUT));
        }
        return iterations;
    }

    private static void putIf(Map<String, List<double[]>> into, String metric, List<List<Double>> forks) {
        if (forks != null && !forks.isEmpty()) {
            into.put(metric, NestedBootstrap.forks(forks));
        }
    }

    private static void put(Map<String, Double> costs, String side, RunRecord.ThreadCosts t) {
        if (t == null) {
            return;
        }
        putIf(costs, side + ".userNs", t.userNs());
        putIf(costs, side + ".systemNs", t.systemNs());
        putIf(costs, side + ".voluntarySwitches", t.voluntarySwitches());
        putIf(costs, side + ".involuntarySwitches", t.involuntarySwitches());
        putIf(costs, side + ".minorFaults", t.minorFaults());
        putIf(costs, side + ".majorFaults", t.majorFaults());
    }

    private static void putIf(Map<String, Double> costs, String key, Double value) {
        if (value != null) {
            costs.put(key, value);
        }
    }

    /** True when the case ran and was measured. */
    public boolean ok() {
        return status.equals("ok") && !latencyNs.isEmpty();
    }

    /** A latency percentile in ns (e.g. {@code p50}), or NaN when the case has none. */
    public double latency(String name) {
        return latencyNs.getOrDefault(name, Double.NaN);
    }
}
