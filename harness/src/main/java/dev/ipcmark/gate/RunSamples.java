package dev.ipcmark.gate;

import dev.ipcmark.results.Calibration;
import dev.ipcmark.results.EnvironmentProbe;
import dev.ipcmark.results.MachineIdentity;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A run as a comparison sees it: its cases' statuses and per-fork, per-iteration samples, the machine's identity, the
 * calibration probes, the gate thresholds of its scenario and any injected delay; read from its {@link RunRecord}.
 *
 * @param dir the run directory
 * @param runId the run's id
 * @param state finished, running, interrupted or failed
 * @param identity the machine it ran on
 * @param thresholds the {@code gate} section of its resolved scenario (the defaults when it has none)
 * @param peerDelay the scenario's {@code inject.peerDelay}, when it had one
 * @param jmh the resolved scenario's JMH settings, and any case block's own warm-up, as text, to warn when two runs
 *     were measured differently
 * @param jvmOptions the {@code IPCMARK_JVM_OPTIONS} every JVM of the run ran with, as recorded in its environment;
 *     empty for a plain run
 * @param cases every case by key, in run order
 * @param probes each calibration probe's per-round values, by probe id (empty for runs made before probes)
 * @param scenarioName the name of its scenario
 * @param startedAt when it started, when its record says so in ISO-8601 (shown, never judged: a run whose time is
 *     missing or unreadable is judged all the same)
 */
public record RunSamples(
        Path dir,
        String runId,
        String state,
        MachineIdentity identity,
        GateSpec thresholds,
        Optional<String> peerDelay,
        String jmh,
        String jvmOptions,
        SequencedMap<String, CaseSamples> cases,
        Map<String, double[]> probes,
        String scenarioName,
        Optional<OffsetDateTime> startedAt) {

    /** Copies the maps. */
    public RunSamples {
        cases = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(cases));
        probes = Map.copyOf(probes);
    }

    /**
     * One case of a run.
     *
     * @param key the case key
     * @param status ok, failed or skipped
     * @param reason why it failed or was skipped
     * @param samples each metric's per-iteration values, one array per fork; a metric the case has no samples of is
     *     absent
     * @param kernelEntryNs the kernel-entry probe around each iteration, one array per fork; empty in runs made before
     *     it was kept
     * @param kernelShare the share of its CPU time the measuring thread spent in the kernel while measured (0 to 1;
     *     NaN when the run did not record it)
     * @param cacheLineNs the command's cache-line probe right before and right after each fork, one pair per fork;
     *     empty in runs made before it was kept
     */
    public record CaseSamples(
            String key,
            String status,
            String reason,
            Map<Metric, List<double[]>> samples,
            List<double[]> kernelEntryNs,
            double kernelShare,
            List<double[]> cacheLineNs) {
        /** Copies the samples. */
        public CaseSamples {
            samples = samples.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(samples));
            kernelEntryNs = List.copyOf(kernelEntryNs);
            cacheLineNs = List.copyOf(cacheLineNs);
        }

        /** Whether the case was measured. */
        public boolean ok() {
            return status.equals("ok");
        }
    }

    private static final List<String> STATUSES = List.of("ok", "failed", "skipped");

    /** Reads {@code dir}; throws {@link GateException} naming the file and what is wrong with it. */
    public static RunSamples read(Path dir) {
        Path manifest = dir.resolve(RunDirectory.MANIFEST);
        if (!Files.isDirectory(dir)) {
            throw new GateException(dir + " does not exist or is not a directory");
        }
        if (!Files.isRegularFile(manifest)) {
            throw new GateException(dir + " is not a run directory: it has no run.json");
        }
        RunRecord record;
        try {
            record = RunRecord.read(dir);
        } catch (IOException e) {
            throw new GateException(manifest + " is not a valid ipcmark run.json: " + firstLine(e.getMessage()));
        }
        return of(dir, record);
    }

    /** The run {@code record}, found in {@code dir}. */
    public static RunSamples of(Path dir, RunRecord record) {
        Path manifest = dir.resolve(RunDirectory.MANIFEST);
        if (!RunDirectory.validId(record.runId())) {
            throw new GateException(
                    manifest + ": runId '" + record.runId() + "' is not a run id (" + RunDirectory.ID_RULE + ")");
        }
        SequencedMap<String, CaseSamples> cases = new LinkedHashMap<>();
        int index = 0;
        for (RunRecord.CaseRecord c : record.cases()) {
            index++;
            CaseSamples samples = caseSamples(c, manifest, index);
            cases.put(samples.key(), samples);
        }
        Map<String, Object> scenario = record.scenario() == null ? Map.of() : record.scenario();
        return new RunSamples(
                dir,
                record.runId(),
                record.state() == null ? "unknown" : record.state(),
                MachineIdentity.of(record.environment()),
                thresholds(scenario.get("gate"), manifest),
                Optional.ofNullable(scenario.get("inject") instanceof Map<?, ?> inject ? inject.get("peerDelay") : null)
                        .map(String::valueOf),
                measuredWith(scenario),
                record.environment() == null
                        ? ""
                        : String.valueOf(record.environment().getOrDefault(EnvironmentProbe.EXTRA_JVM_OPTIONS, "")),
                cases,
                probes(record.calibration()),
                String.valueOf(scenario.getOrDefault("name", "unknown")),
                startedAt(record.startedAt()));
    }

    private static Optional<OffsetDateTime> startedAt(String text) {
        try {
            return Optional.ofNullable(text).map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // The scenario's JMH settings, then the warm-up of each case block that has its own (by its place in the list).
    private static String measuredWith(Map<String, Object> scenario) {
        StringBuilder text = new StringBuilder(String.valueOf(scenario.get("jmh")));
        if (scenario.get("cases") instanceof List<?> blocks) {
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i) instanceof Map<?, ?> block && block.get("warmup") != null) {
                    text.append(", case block ")
                            .append(i + 1)
                            .append(" warmup=")
                            .append(block.get("warmup"));
                }
            }
        }
        return text.toString();
    }

    private static Map<String, double[]> probes(Calibration calibration) {
        Map<String, double[]> probes = new LinkedHashMap<>();
        if (calibration != null) {
            for (Calibration.Probe p : calibration.probes()) {
                probes.put(
                        p.id(),
                        p.nanosPerOp().stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        return probes;
    }

    private static CaseSamples caseSamples(RunRecord.CaseRecord c, Path manifest, int index) {
        if (c.key() == null || c.status() == null) {
            throw new GateException(manifest + ": case " + index + " has no key or no status");
        }
        String key = c.key();
        try {
            CaseSpec.parse(key);
        } catch (IllegalArgumentException e) {
            throw new GateException(manifest + ": case " + index + ": " + e.getMessage());
        }
        if (!STATUSES.contains(c.status())) {
            throw new GateException(manifest + ": case " + key + " has the status '" + c.status() + "'; allowed: "
                    + String.join(", ", STATUSES));
        }
        Map<Metric, List<double[]>> samples = new EnumMap<>(Metric.class);
        List<double[]> kernelEntry = List.of();
        List<double[]> cacheLine = List.of();
        RunRecord.SamplesRecord s = c.samples();
        if (s != null) {
            for (Metric m : Metric.values()) {
                List<double[]> values = series(s.of(m), manifest, key, m.samplesField());
                if (values.stream().anyMatch(v -> v.length > 0)) {
                    samples.put(m, values);
                }
            }
            kernelEntry = series(s.kernelEntryNs(), manifest, key, RunRecord.SamplesRecord.KERNEL_ENTRY_NS);
            cacheLine = series(s.cacheLineNs(), manifest, key, RunRecord.SamplesRecord.CACHE_LINE_NS);
        }
        return new CaseSamples(
                key,
                c.status(),
                c.reason() == null ? "" : c.reason(),
                samples,
                kernelEntry,
                kernelShare(c, manifest),
                cacheLine);
    }

    // The measuring thread's share of its CPU time in the kernel; NaN when the run did not record its costs.
    private static double kernelShare(RunRecord.CaseRecord c, Path manifest) {
        RunRecord.CostsRecord costs = c.costsPerOperation();
        if (costs == null || costs.self() == null) {
            return Double.NaN;
        }
        Double user = costs.self().userNs();
        Double system = costs.self().systemNs();
        if (user == null || system == null) {
            return Double.NaN;
        }
        if (!(user >= 0) || !(system >= 0) || Double.isInfinite(user) || Double.isInfinite(system)) {
            throw new GateException(manifest + ": case " + c.key() + " has costsPerOperation.self with userNs " + user
                    + " and systemNs " + system + "; both must be finite and 0 or more");
        }
        return user + system == 0 ? Double.NaN : system / (user + system);
    }

    // One series of samples, fork by fork; empty when the run has none.
    private static List<double[]> series(List<List<Double>> forks, Path manifest, String key, String field) {
        if (forks == null) {
            return List.of();
        }
        List<double[]> values = new ArrayList<>();
        for (List<Double> fork : forks) {
            if (fork == null || fork.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
                throw new GateException(manifest + ": case " + key + ": samples." + field
                        + " must be a list of forks, each a list of numbers");
            }
            values.add(fork.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return values;
    }

    private static GateSpec thresholds(Object gate, Path manifest) {
        GateSpec spec = GateSpec.DEFAULTS;
        if (gate instanceof Map<?, ?> map) {
            for (Metric metric : Metric.values()) {
                Object value = map.get(metric.id());
                if (value != null) {
                    try {
                        spec = spec.with(metric, GateSpec.parsePercent(String.valueOf(value)));
                    } catch (IllegalArgumentException e) {
                        throw new GateException(manifest + ": scenario.gate." + metric.id() + ": " + e.getMessage());
                    }
                }
            }
        }
        return spec;
    }

    private static String firstLine(String text) {
        int nl = text == null ? -1 : text.indexOf('\n');
        return nl < 0 ? String.valueOf(text) : text.substring(0, nl);
    }
}
