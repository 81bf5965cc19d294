package dev.ipcmark.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.results.EnvironmentProbe;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.GateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A run as a comparison sees it: its cases' statuses and per-iteration samples from {@code run.json}, the machine's
 * identity, the gate thresholds of its scenario and any injected delay.
 *
 * @param dir the run (or baseline) directory
 * @param runId the run's id
 * @param state finished, running or interrupted
 * @param identity the environment fields that must match for two runs to be comparable, in a fixed order
 * @param thresholds the {@code gate} section of its resolved scenario (the defaults when it has none)
 * @param peerDelay the scenario's {@code inject.peerDelay}, when it had one
 * @param jmh the resolved scenario's JMH settings, as text, to warn when two runs were measured differently
 * @param cases every case by key, in run order
 */
public record RunSamples(
        Path dir,
        String runId,
        String state,
        SequencedMap<String, String> identity,
        GateSpec thresholds,
        Optional<String> peerDelay,
        String jmh,
        SequencedMap<String, CaseSamples> cases) {

    /** Copies the maps. */
    public RunSamples {
        identity = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(identity));
        cases = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(cases));
    }

    /**
     * One case of a run.
     *
     * @param key the case key
     * @param status ok, failed or skipped
     * @param reason why it failed or was skipped
     * @param samples each metric's per-iteration values, one array per fork; a metric the case has no samples of is
     *     absent
     */
    public record CaseSamples(String key, String status, String reason, Map<Metric, List<double[]>> samples) {
        /** Copies the samples. */
        public CaseSamples {
            samples = samples.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(samples));
        }

        /** Whether the case was measured. */
        public boolean ok() {
            return status.equals("ok");
        }
    }

    private static final List<String> STATUSES = List.of("ok", "failed", "skipped");

    /** Reads {@code dir}; throws {@link GateException} naming the file and what is wrong with it. */
    public static RunSamples read(Path dir) {
        Path manifest = dir.resolve("run.json");
        if (!Files.isDirectory(dir)) {
            throw new GateException(dir + " does not exist or is not a directory");
        }
        if (!Files.isRegularFile(manifest)) {
            throw new GateException(dir + " is not a run directory: it has no run.json");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new GateException(manifest + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.path("cases").isArray() || !root.path("runId").isTextual()) {
            throw new GateException(manifest + " has no runId or no cases list: it is not an ipcmark run.json");
        }
        if (!RunDirectory.validId(root.get("runId").asText())) {
            throw new GateException(manifest + ": runId '" + root.get("runId").asText() + "' is not a run id ("
                    + RunDirectory.ID_RULE + ")");
        }
        SequencedMap<String, String> identity = new LinkedHashMap<>();
        for (String key : EnvironmentProbe.identityKeys()) {
            identity.put(key, root.path("environment").path(key).asText("unknown"));
        }
        JsonNode scenario = root.path("scenario");
        SequencedMap<String, CaseSamples> cases = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode c : root.get("cases")) {
            index++;
            CaseSamples samples = caseSamples(c, manifest, index);
            cases.put(samples.key(), samples);
        }
        return new RunSamples(
                dir,
                root.get("runId").asText(),
                root.path("state").asText("unknown"),
                identity,
                thresholds(scenario.path("gate"), manifest),
                Optional.ofNullable(scenario.path("inject").path("peerDelay").textValue()),
                scenario.path("jmh").toString(),
                cases);
    }

    private static CaseSamples caseSamples(JsonNode c, Path manifest, int index) {
        if (!c.path("key").isTextual() || !c.path("status").isTextual()) {
            throw new GateException(manifest + ": case " + index + " has no key or no status");
        }
        String key = c.get("key").asText();
        try {
            CaseSpec.parse(key);
        } catch (IllegalArgumentException e) {
            throw new GateException(manifest + ": case " + index + ": " + e.getMessage());
        }
        String status = c.get("status").asText();
        if (!STATUSES.contains(status)) {
            throw new GateException(manifest + ": case " + key + " has the status '" + status + "'; allowed: "
                    + String.join(", ", STATUSES));
        }
        Map<Metric, List<double[]>> samples = new EnumMap<>(Metric.class);
        JsonNode s = c.path("samples");
        for (Metric m : Metric.values()) {
            JsonNode forks = s.path(m.samplesField());
            if (forks.isMissingNode()) {
                continue;
            }
            if (!forks.isArray()) {
                throw new GateException(manifest + ": case " + key + ": samples." + m.samplesField()
                        + " must be a list of forks, each a list of numbers");
            }
            List<double[]> values = new ArrayList<>();
            for (JsonNode fork : forks) {
                if (!fork.isArray()) {
                    throw new GateException(manifest + ": case " + key + ": samples." + m.samplesField()
                            + " must be a list of forks, each a list of numbers");
                }
                double[] v = new double[fork.size()];
                for (int i = 0; i < v.length; i++) {
                    if (!fork.get(i).isNumber()) {
                        throw new GateException(manifest + ": case " + key + ": samples." + m.samplesField()
                                + " holds '" + fork.get(i) + "', which is not a number");
                    }
                    v[i] = fork.get(i).asDouble();
                }
                values.add(v);
            }
            if (values.stream().anyMatch(v -> v.length > 0)) {
                samples.put(m, values);
            }
        }
        return new CaseSamples(key, status, c.path("reason").asText(""), samples);
    }

    private static GateSpec thresholds(JsonNode gate, Path manifest) {
        GateSpec spec = GateSpec.DEFAULTS;
        for (String metric : GateSpec.METRICS) {
            JsonNode value = gate.path(metric);
            if (!value.isMissingNode()) {
                try {
                    spec = spec.with(metric, GateSpec.parsePercent(value.asText()));
                } catch (IllegalArgumentException e) {
                    throw new GateException(manifest + ": scenario.gate." + metric + ": " + e.getMessage());
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
