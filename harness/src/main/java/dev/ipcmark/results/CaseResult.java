package dev.ipcmark.results;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Metric;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * What became of one case.
 *
 * @param spec the case
 * @param status whether it ran, failed or was skipped
 * @param reason why it failed or was skipped (empty when it ran)
 * @param latency percentiles from its histogram (null unless it ran)
 * @param jmh JMH's own score (null unless it ran)
 * @param seconds wall time the case took
 * @param costs what the measurement iterations cost both processes (null unless it ran and they were read)
 * @param throughput delivered messages and bytes per second by the pattern's own clock (null unless it keeps one)
 * @param parts percentiles of the case's tagged histograms (e.g. {@code uncorrected} for rate, a step of setup), in
 *     the order first recorded; empty when it has none
 * @param profiling what the JMH profilers the scenario asked for measured, or why they could not (null when it asked
 *     for none)
 * @param samples the per-iteration numbers behind the summary, grouped by fork, for comparisons between runs (null
 *     unless it ran)
 * @param forks how many forks were measured (0 unless it ran)
 */
public record CaseResult(
        CaseSpec spec,
        Status status,
        String reason,
        LatencyStats latency,
        JmhScore jmh,
        double seconds,
        Costs costs,
        Throughput throughput,
        SequencedMap<String, LatencyStats> parts,
        Profiling profiling,
        Samples samples,
        int forks) {

    /** Copies {@code parts}. */
    public CaseResult {
        parts = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(parts));
    }

    /** The outcome of a case. */
    public enum Status {
        /** Measured. */
        OK,
        /** Tried and failed; the reason says why. */
        FAILED,
        /** Not tried, because it cannot run here; the reason says why. */
        SKIPPED;

        /** Lower-case, as written in files. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * JMH's primary result for a case.
     *
     * @param score the score (mean time per operation for latency patterns)
     * @param error the half-width of its 99.9% confidence interval (NaN with too few iterations)
     * @param unit the score's unit, e.g. {@code ns/op}
     */
    public record JmhScore(double score, double error, String unit) {}

    /**
     * Operations and bytes per second of measured time (stream counts only acknowledged messages).
     *
     * @param messagesPerSecond messages delivered per second
     * @param bytesPerSecond payload bytes delivered per second
     * @param perProducer for fan-in, each producer's delivered messages per second, in launch order; else empty
     */
    public record Throughput(double messagesPerSecond, double bytesPerSecond, List<Double> perProducer) {
        /** Copies {@code perProducer}. */
        public Throughput {
            perProducer = List.copyOf(perProducer);
        }

        /** A rate with no producers to tell apart. */
        public Throughput(double messagesPerSecond, double bytesPerSecond) {
            this(messagesPerSecond, bytesPerSecond, List.of());
        }
    }

    /**
     * What JMH profilers measured for a case.
     *
     * @param metrics each profiler metric per operation (e.g. {@code gc.alloc.rate.norm} in B/op, {@code instructions}
     *     per op from perfnorm), by JMH's name
     * @param notes profilers asked for that could not run here, each with why
     */
    public record Profiling(SequencedMap<String, Double> metrics, List<String> notes) {
        /** Copies both. */
        public Profiling {
            metrics = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metrics));
            notes = List.copyOf(notes);
        }
    }

    /**
     * One number per measurement iteration, grouped by fork (the outer list): what a comparison between runs tests,
     * since a run's summary alone says nothing about its noise.
     *
     * @param byMetric each gated metric's values that applies to the case's pattern, in {@link Metric} order
     * @param meanNs mean latency of each iteration's histogram interval (for resampling the copy-vs-map analysis);
     *     empty in runs made before it was kept
     * @param kernelEntryNs what a null system call cost the measuring thread around each iteration (the gate's
     *     covariate for the machine's slow spells); empty in runs made before it was kept
     * @param cacheLineNs what a cache line's round trip between the CPUs cost right before and right after each fork
     *     (two numbers per fork: where the host placed the two CPUs, which spinning cases follow); empty when not
     *     taken
     */
    public record Samples(
            SequencedMap<Metric, List<List<Double>>> byMetric,
            List<List<Double>> meanNs,
            List<List<Double>> kernelEntryNs,
            List<List<Double>> cacheLineNs) {
        /** Samples without the kernel-entry and cache-line series. */
        public Samples(SequencedMap<Metric, List<List<Double>>> byMetric, List<List<Double>> meanNs) {
            this(byMetric, meanNs, List.of(), List.of());
        }

        /** Copies all, deeply, keeping the metrics in declaration order. */
        public Samples {
            SequencedMap<Metric, List<List<Double>>> copy = new java.util.LinkedHashMap<>();
            for (Metric m : Metric.values()) {
                if (byMetric.containsKey(m)) {
                    copy.put(m, copy(byMetric.get(m)));
                }
            }
            byMetric = Collections.unmodifiableSequencedMap(copy);
            meanNs = copy(meanNs);
            kernelEntryNs = copy(kernelEntryNs);
            cacheLineNs = copy(cacheLineNs);
        }

        /** {@code metric}'s values by fork; empty when the case does not record it. */
        public List<List<Double>> of(Metric metric) {
            return byMetric.getOrDefault(metric, List.of());
        }

        private static List<List<Double>> copy(List<List<Double>> forks) {
            return forks.stream().map(List::copyOf).toList();
        }
    }

    /** A case that ran. */
    public static CaseResult ok(CaseSpec spec, LatencyStats latency, JmhScore jmh, double seconds) {
        return new CaseResult(
                spec, Status.OK, "", latency, jmh, seconds, null, null, new LinkedHashMap<>(), null, null, 1);
    }

    /** A case that failed for {@code reason}. */
    public static CaseResult failed(CaseSpec spec, String reason, double seconds) {
        return new CaseResult(
                spec, Status.FAILED, reason, null, null, seconds, null, null, new LinkedHashMap<>(), null, null, 0);
    }

    /** A case skipped for {@code reason}. */
    public static CaseResult skipped(CaseSpec spec, String reason) {
        return new CaseResult(
                spec, Status.SKIPPED, reason, null, null, 0, null, null, new LinkedHashMap<>(), null, null, 0);
    }

    /** This result with {@code value} as its costs. */
    public CaseResult withCosts(Costs value) {
        return new CaseResult(
                spec, status, reason, latency, jmh, seconds, value, throughput, parts, profiling, samples, forks);
    }

    /** This result with {@code value} as its throughput. */
    public CaseResult withThroughput(Throughput value) {
        return new CaseResult(
                spec, status, reason, latency, jmh, seconds, costs, value, parts, profiling, samples, forks);
    }

    /** This result with {@code value} as its tagged histograms' percentiles. */
    public CaseResult withParts(SequencedMap<String, LatencyStats> value) {
        return new CaseResult(
                spec, status, reason, latency, jmh, seconds, costs, throughput, value, profiling, samples, forks);
    }

    /** This result with {@code value} as what its profilers measured. */
    public CaseResult withProfiling(Profiling value) {
        return new CaseResult(
                spec, status, reason, latency, jmh, seconds, costs, throughput, parts, value, samples, forks);
    }

    /** This result with {@code value} as its per-iteration samples. */
    public CaseResult withSamples(Samples value) {
        return new CaseResult(
                spec, status, reason, latency, jmh, seconds, costs, throughput, parts, profiling, value, forks);
    }

    /** This result with {@code value} as the number of forks measured. */
    public CaseResult withForks(int value) {
        return new CaseResult(
                spec, status, reason, latency, jmh, seconds, costs, throughput, parts, profiling, samples, value);
    }

    /**
     * Operations per second: operations counted over the time measured (for a closed loop, the sum of the operations'
     * own times, so that this is 1e9 / the histogram's mean; for stream and fan-in, acknowledged or received messages
     * over the pattern's clock; for rate, round trips over the iterations' time). Not JMH's score, which averages
     * per-iteration means with every iteration weighted alike however few operations it held.
     */
    public double opsPerSecond() {
        return throughput == null ? Double.NaN : throughput.messagesPerSecond();
    }
}
