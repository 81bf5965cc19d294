package dev.ipcmark.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ipcmark.nativeio.ThreadUsage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: the provenance and outcome of a run: the resolved scenario, where it came from and its SHA-256,
 * the environment fingerprint, tool versions, the git commit, and every case with its status, reason, numbers and
 * files. Rewritten (atomically) after every case, so it always describes every finished case.
 *
 * @param runId the run id
 * @param provenance scenario source and hash, versions, git commit, start time and command line
 * @param scenario the resolved scenario, as a scenario document
 * @param environment the environment fingerprint
 */
public record RunManifest(
        String runId, Map<String, Object> provenance, Map<String, Object> scenario, Map<String, Object> environment) {

    /** The copy-vs-map analysis's file in the run directory. */
    public static final String COPY_VS_MAP_FILE = "copy-vs-map.csv";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The JSON text of this manifest with {@code results} and the run's state ({@code running}, {@code finished},
     * {@code interrupted} or {@code failed}, with {@code reason} saying why; null otherwise).
     */
    public String render(List<CaseResult> results, String state, String finishedAt, String reason) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("runId", runId);
        doc.put("state", state);
        if (reason != null) {
            doc.put("reason", reason);
        }
        doc.putAll(provenance);
        if (finishedAt != null) {
            doc.put("finishedAt", finishedAt);
        }
        doc.put("scenario", scenario);
        doc.put("environment", environment);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CaseResult.Status s : CaseResult.Status.values()) {
            counts.put(s.id(), results.stream().filter(r -> r.status() == s).count());
        }
        doc.put("counts", counts);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (CaseResult r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("key", r.spec().key());
            c.put("pattern", r.spec().pattern().id());
            c.put("transport", r.spec().transport());
            c.put("messageBytes", r.spec().messageBytes());
            c.put("knobs", r.spec().knobs());
            c.put("status", r.status().id());
            if (!r.reason().isEmpty()) {
                c.put("reason", r.reason());
            }
            c.put("seconds", Math.round(r.seconds() * 10) / 10.0);
            if (r.latency() != null) {
                c.put("latencyNs", r.latency());
                if (!r.parts().isEmpty()) {
                    c.put("parts", r.parts());
                }
                if (r.throughput() != null) {
                    c.put("throughput", r.throughput());
                }
                if (r.costs() != null) {
                    c.put("costsPerOperation", costs(r.costs()));
                }
                if (r.profiling() != null) {
                    c.put("profiling", r.profiling());
                }
                c.put("opsPerSecond", Math.round(r.opsPerSecond()));
                if (r.samples() != null) {
                    c.put("samples", samples(r.samples()));
                }
                c.put("jmh", r.jmh());
                String file = r.spec().fileName();
                c.put(
                        "files",
                        Map.of(
                                "jmh", "jmh/" + file + ".json",
                                "hlog", "histograms/" + file + ".hlog",
                                "log", "logs/" + file + ".log"));
            } else if (r.status() == CaseResult.Status.FAILED) {
                c.put("files", Map.of("log", "logs/" + r.spec().fileName() + ".log"));
            }
            cases.add(c);
        }
        doc.put("cases", cases);
        CopyVsMap.of(results).ifPresent(a -> {
            Map<String, Object> analysis = new LinkedHashMap<>();
            analysis.put("file", COPY_VS_MAP_FILE);
            analysis.put("verdict", a.verdicts());
            analysis.put("crossovers", a.crossovers());
            doc.put("copyVsMap", analysis);
        });
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> samples(CaseResult.Samples samples) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("p50Ns", samples.p50Ns());
        s.put("p99Ns", samples.p99Ns());
        if (samples.messagesPerSecond().stream().anyMatch(fork -> !fork.isEmpty())) {
            s.put("messagesPerSecond", samples.messagesPerSecond());
        }
        return s;
    }

    private static Map<String, Object> costs(Costs costs) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("operations", costs.operations());
        c.put("self", usage(costs, costs.self()));
        if (costs.peer() != null) {
            c.put("peer", usage(costs, costs.peer()));
        }
        return c;
    }

    private static Map<String, Double> usage(Costs costs, ThreadUsage u) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("userNs", round(costs.perOperation(u.userNs())));
        m.put("systemNs", round(costs.perOperation(u.systemNs())));
        m.put("voluntarySwitches", round(costs.perOperation(u.voluntarySwitches())));
        m.put("involuntarySwitches", round(costs.perOperation(u.involuntarySwitches())));
        m.put("minorFaults", round(costs.perOperation(u.minorFaults())));
        m.put("majorFaults", round(costs.perOperation(u.majorFaults())));
        return m;
    }

    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }
}
