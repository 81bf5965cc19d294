package dev.ipcmark.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ipcmark.scenario.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}, typed: the one model of a run's record, written and read by Jackson here and nowhere else; the
 * gate, the report, baselines, the store and the tests all go through it. {@code schema/run.schema.json} in the
 * repository is generated from these records (and checked against them by a test), so that other tools can read runs.
 *
 * @param formatVersion the version of this format ({@value #FORMAT_VERSION}); 0 when absent, in runs written before it
 *     existed, whose shape is otherwise the same
 * @param runId the run id ({@link RunDirectory#ID_RULE})
 * @param state {@code running}, {@code finished}, {@code interrupted} or {@code failed}
 * @param reason why it failed (only with state {@code failed})
 * @param startedAt when it started (ISO-8601 with offset)
 * @param pid the ipcmark process that writes it
 * @param command the command line
 * @param scenarioFile the scenario file it ran
 * @param scenarioSha256 that file's SHA-256
 * @param versions ipcmark, JMH, HdrHistogram and Java versions
 * @param git the commit ipcmark was built from ({@code commit}, {@code dirty})
 * @param finishedAt when it ended (absent while running)
 * @param order the order the cases' forks ran in: {@code rmit} or {@code sequential}
 * @param seed the seed of the random order, with {@code rmit}
 * @param scenario the resolved scenario, as a scenario document
 * @param environment the machine's fingerprint
 * @param calibration the machine's own speed, measured by probes between the cases; absent in older runs
 * @param counts cases by status
 * @param cases every case, in the scenario's order
 * @param copyVsMap the copy-vs-map analysis, when the run has its cases
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "formatVersion",
    "runId",
    "state",
    "reason",
    "startedAt",
    "pid",
    "command",
    "scenarioFile",
    "scenarioSha256",
    "versions",
    "git",
    "finishedAt",
    "order",
    "seed",
    "scenario",
    "environment",
    "calibration",
    "counts",
    "cases",
    "copyVsMap"
})
public record RunRecord(
        int formatVersion,
        String runId,
        String state,
        String reason,
        String startedAt,
        Long pid,
        String command,
        String scenarioFile,
        String scenarioSha256,
        Map<String, String> versions,
        Map<String, Object> git,
        String finishedAt,
        String order,
        Long seed,
        Map<String, Object> scenario,
        Map<String, Object> environment,
        Calibration calibration,
        Map<String, Long> counts,
        List<CaseRecord> cases,
        CopyVsMapRecord copyVsMap) {

    /** The format this build writes. */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The states a run can be in. */
    public static final List<String> STATES = List.of("running", "finished", "interrupted", "failed");

    /**
     * One case.
     *
     * @param key the canonical case key
     * @param pattern the pattern's id
     * @param transport the transport's id
     * @param messageBytes the message (or payload, or segment) size
     * @param knobs every knob's value, defaults included
     * @param status {@code ok}, {@code failed} or {@code skipped}
     * @param reason why it failed or was skipped
     * @param seconds wall time the case took, forks included
     * @param forks how many forks were measured
     * @param latencyNs percentiles of its histogram, in ns
     * @param parts percentiles of its tagged histograms, in ns
     * @param throughput operations and bytes per second of measured time (see {@link CaseResult.Throughput})
     * @param costsPerOperation kernel costs per operation of both processes' working threads
     * @param profiling what the scenario's JMH profilers measured, or why they could not
     * @param opsPerSecond operations per second of measured time: the throughput's
     * @param samples each fork's per-iteration p50, p99 and rate, for comparisons between runs
     * @param jmh JMH's own score, with its own definition
     * @param files the case's files, relative to the run directory
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "key",
        "pattern",
        "transport",
        "messageBytes",
        "knobs",
        "status",
        "reason",
        "seconds",
        "forks",
        "latencyNs",
        "parts",
        "throughput",
        "costsPerOperation",
        "profiling",
        "opsPerSecond",
        "samples",
        "jmh",
        "files"
    })
    public record CaseRecord(
            String key,
            String pattern,
            String transport,
            long messageBytes,
            Map<String, String> knobs,
            String status,
            String reason,
            double seconds,
            Integer forks,
            LatencyStats latencyNs,
            Map<String, LatencyStats> parts,
            CaseResult.Throughput throughput,
            CostsRecord costsPerOperation,
            CaseResult.Profiling profiling,
            Long opsPerSecond,
            SamplesRecord samples,
            CaseResult.JmhScore jmh,
            Map<String, String> files) {

        /** Whether the case was measured. */
        public boolean ok() {
            return "ok".equals(status) && latencyNs != null;
        }
    }

    /**
     * Kernel costs per operation.
     *
     * @param operations the operations they are spread over
     * @param self the measuring thread
     * @param peer the peers' working threads (absent when unknown)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostsRecord(long operations, ThreadCosts self, ThreadCosts peer) {}

    /**
     * One thread's costs per operation; absent values could not be worked out (no operation).
     *
     * @param userNs user CPU time
     * @param systemNs system CPU time
     * @param voluntarySwitches voluntary context switches
     * @param involuntarySwitches involuntary context switches
     * @param minorFaults minor page faults
     * @param majorFaults major page faults
     */
    public record ThreadCosts(
            Double userNs,
            Double systemNs,
            Double voluntarySwitches,
            Double involuntarySwitches,
            Double minorFaults,
            Double majorFaults) {}

    /**
     * A case's per-iteration numbers, one list per fork, by series: each recorded gated metric under its {@link
     * Metric#samplesField} ({@code p50Ns}, {@code p99Ns}, {@code messagesPerSecond} …), {@value #MEAN_NS} and
     * {@value #KERNEL_ENTRY_NS}, and {@value #CACHE_LINE_NS}, whose forks hold two numbers each (the probe right before
     * and right after the fork) rather than one per iteration. In run.json the series are the object's fields.
     *
     * @param series the lists of forks by field name, in the order written
     */
    public record SamplesRecord(@JsonValue Map<String, List<List<Double>>> series) {
        /** The field of the per-iteration means (not gated; resampled by the copy-vs-map analysis). */
        public static final String MEAN_NS = "meanNs";
        /** The field of the per-iteration kernel-entry probe (the gate's covariate, not gated itself). */
        public static final String KERNEL_ENTRY_NS = "kernelEntryNs";
        /**
         * The field of the cache-line round trip between the CPUs that the command took right before and right after
         * each fork: where the host placed the two CPUs, which spinning cases follow ({@link ForkLevels} names it).
         */
        public static final String CACHE_LINE_NS = "cacheLineNs";

        /** Keeps the order read or given. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public SamplesRecord {
            series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
        }

        /** {@code metric}'s values by fork, or null when the case did not record it. */
        public List<List<Double>> of(Metric metric) {
            return series.get(metric.samplesField());
        }

        /** The per-iteration means by fork, or null in runs made before they were kept. */
        public List<List<Double>> meanNs() {
            return series.get(MEAN_NS);
        }

        /** The per-iteration kernel-entry probe by fork, or null in runs made before it was kept. */
        public List<List<Double>> kernelEntryNs() {
            return series.get(KERNEL_ENTRY_NS);
        }

        /** The cache-line probe before and after each fork, or null in runs made before it was kept. */
        public List<List<Double>> cacheLineNs() {
            return series.get(CACHE_LINE_NS);
        }
    }

    /**
     * The copy-vs-map analysis.
     *
     * @param file its CSV, relative to the run directory
     * @param verdict one sentence per copy transport and map variant
     * @param crossovers where mapping wins a single transfer, per pair
     * @param ladderFile the copy ladder's CSV, relative to the run directory (null when the run has no ladder, or was
     *     made before it existed)
     * @param ladder one sentence per size: which rung of the copy ladder is cheapest per transfer, if the run can tell
     */
    public record CopyVsMapRecord(
            String file,
            List<String> verdict,
            List<CopyVsMap.Crossover> crossovers,
            String ladderFile,
            List<String> ladder) {}

    /** This record as the text of run.json. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses run.json text; throws {@link IOException} saying what is wrong. */
    public static RunRecord parse(String json) throws IOException {
        RunRecord r = JSON.readValue(json, RunRecord.class);
        if (r == null || r.runId() == null || r.cases() == null) {
            throw new IOException("it has no runId or no cases list: it is not an ipcmark run.json");
        }
        return r;
    }

    /** Reads {@code runDir}'s run.json; throws {@link IOException} saying what is wrong. */
    public static RunRecord read(Path runDir) throws IOException {
        return parse(Files.readString(runDir.resolve(RunDirectory.MANIFEST)));
    }

    /** The environment field {@code key} as text, or {@code unknown}. */
    public String environmentValue(String key) {
        Object v = environment == null ? null : environment.get(key);
        return v == null ? "unknown" : String.valueOf(v);
    }

    /** The case with {@code key}, or null. */
    public CaseRecord caseWithKey(String key) {
        return cases.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
    }

    /** The JSON value of {@code value} as Jackson would write it in run.json (for reports that show raw fields). */
    public static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
