package dev.ipcmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.HistogramLogs;
import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Iteration;
import dev.ipcmark.scenario.JmhSettings;
import dev.ipcmark.scenario.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * A case's result put together from what its forks left in the case's scratch directory, however many JMH invocations
 * they came from: the histogram logs (merged into the run's {@code .hlog}), the forks' reports (operations, measured
 * time, kernel costs), and JMH's JSON (merged, ipcmark's figures added). Every figure has one definition: operations
 * per second are operations counted over the time measured, the mean is the histogram's.
 */
final class CaseAssembly {
    private CaseAssembly() {}

    /** JMH's JSON of fork {@code n} in a scratch directory. */
    static Path jmhJson(Path scratch, int n) {
        return scratch.resolve("jmh-" + n + ".json");
    }

    /**
     * The result of {@code spec} from the forks in {@code scratch}, which took {@code seconds}; its files are written
     * into {@code run}. Throws when the forks left no histogram or no JMH result.
     */
    static CaseResult assemble(
            CaseSpec spec,
            Path scratch,
            RunDirectory run,
            JmhSettings jmh,
            double seconds,
            List<List<Double>> cacheLineAround) {
        String file = spec.fileName();
        List<Path> forkLogs = files(scratch, ForkScratch.HLOG_SUFFIX);
        if (forkLogs.isEmpty()) {
            return CaseResult.failed(spec, "the benchmark wrote no histogram", seconds);
        }
        Path hlog = run.hlog(file);
        RunDirectory.writeAtomically(hlog, HistogramLogs.merge(forkLogs));
        LatencyStats latency = LatencyStats.of(HistogramLogs.total(hlog));
        if (latency.samples() == 0) {
            return CaseResult.failed(spec, "no operation completed during the measurement iterations", seconds);
        }
        List<Path> jsons = files(scratch, ".json").stream()
                .filter(p -> p.getFileName().toString().startsWith("jmh-"))
                .toList();
        ObjectNode merged = JmhJson.merge(jsons);
        JsonNode primary = merged.get("primaryMetric");
        List<ForkReport> forks = ForkReport.readAll(scratch);
        CaseResult result = CaseResult.ok(
                        spec,
                        latency,
                        new CaseResult.JmhScore(
                                primary.get("score").asDouble(),
                                primary.path("scoreError").asDouble(Double.NaN),
                                primary.get("scoreUnit").asText()),
                        seconds)
                .withParts(parts(hlog))
                .withForks(forkLogs.size())
                .withSamples(samples(spec, forkLogs, forks, cacheLineAround));
        if (!jmh.profilers().isEmpty()) {
            List<String> notes = new ArrayList<>(Profilers.notes(jmh.profilers()));
            if (Profilers.runnable(jmh.profilers()).contains(FlameProfiler.NAME)) {
                notes.addAll(FlameProfiler.collect(scratch, run, file));
            }
            result = result.withProfiling(new CaseResult.Profiling(profiled(merged), notes));
        }
        Optional<ForkReport> sum = ForkReport.sum(forks);
        if (sum.isPresent()) {
            ForkReport r = sum.get();
            result = result.withCosts(r.costs());
            if (r.measuredNs() > 0) {
                result = result.withThroughput(new CaseResult.Throughput(
                        r.operations() * 1e9 / r.measuredNs(), r.bytes() * 1e9 / r.measuredNs(), r.producerRates()));
            }
        }
        List<List<Double>> rates = forks.stream()
                .map(f -> Arrays.stream(f.rates()).boxed().toList())
                .toList();
        RunDirectory.writeAtomically(run.jmhJson(file), JmhJson.withIpcmarkMetrics(merged, result, rates));
        return result;
    }

    /** What the scenario's JMH profilers measured, by JMH's name without its leading middle dot. */
    private static SequencedMap<String, Double> profiled(ObjectNode merged) {
        SequencedMap<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : merged.get("secondaryMetrics").properties()) {
            double score = e.getValue().path("score").asDouble(Double.NaN);
            if (!Double.isNaN(score) && !e.getKey().startsWith("ipcmark.")) {
                metrics.put(e.getKey().replaceFirst("^\u00b7", ""), score);
            }
        }
        return metrics;
    }

    /**
     * Each fork's per-iteration p50, p99, mean and, for the patterns whose figure is a rate (stream, fan-in),
     * delivered messages per second: the raw numbers a comparison between runs tests (and the copy-vs-map analysis
     * resamples); the kernel-entry probe taken around each iteration; and the cache-line probe the command took
     * before and after each fork ({@code cacheLineAround}, in the order the forks ran, as their logs are sorted), kept
     * only when there is one pair for every fork.
     */
    private static CaseResult.Samples samples(
            CaseSpec spec, List<Path> forkLogs, List<ForkReport> forks, List<List<Double>> cacheLineAround) {
        SequencedMap<Metric, List<List<Double>>> byMetric = new LinkedHashMap<>();
        List<List<Double>> means = new ArrayList<>();
        List<List<Double>> kernelEntry = new ArrayList<>();
        for (int k = 0; k < forkLogs.size(); k++) {
            List<Histogram> intervals = HistogramLogs.intervals(forkLogs.get(k));
            double[] rates = k < forks.size() ? forks.get(k).rates() : new double[0];
            List<IntervalIteration> iterations = new ArrayList<>();
            for (int i = 0; i < intervals.size(); i++) {
                iterations.add(new IntervalIteration(intervals.get(i), i < rates.length ? rates[i] : Double.NaN));
            }
            means.add(intervals.stream().map(Histogram::getMean).toList());
            kernelEntry.add(
                    k < forks.size()
                            ? java.util.Arrays.stream(forks.get(k).kernelEntryNs())
                                    .boxed()
                                    .toList()
                            : List.of());
            for (Metric m : Metric.values()) {
                if (m.appliesTo(spec.pattern())) {
                    byMetric.computeIfAbsent(m, x -> new ArrayList<>())
                            .add(iterations.stream()
                                    .map(m::of)
                                    .filter(Double::isFinite)
                                    .toList());
                }
            }
        }
        return new CaseResult.Samples(
                byMetric, means, kernelEntry, cacheLineAround.size() == forkLogs.size() ? cacheLineAround : List.of());
    }

    /** A measurement iteration as the gated metrics read it: its histogram interval and its pattern's rate. */
    private record IntervalIteration(Histogram interval, double messagesPerSecond) implements Iteration {
        @Override
        public double latencyPercentileNs(double percent) {
            return interval.getValueAtPercentile(percent);
        }
    }

    private static SequencedMap<String, LatencyStats> parts(Path hlog) {
        SequencedMap<String, LatencyStats> parts = new LinkedHashMap<>();
        HistogramLogs.tagged(hlog).forEach((tag, h) -> parts.put(tag, LatencyStats.of(h)));
        return parts;
    }

    /** The files in {@code scratch} ending with {@code suffix}, oldest first (the forks' order). */
    static List<Path> files(Path scratch, String suffix) {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted((a, b) -> Long.compare(modified(a), modified(b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }
}
