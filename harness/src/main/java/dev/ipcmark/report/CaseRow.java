package dev.ipcmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        Optional<Path> hlog) {

    static CaseRow of(JsonNode c, Path runDir) {
        SequencedMap<String, String> knobs = new LinkedHashMap<>();
        c.path("knobs")
                .properties()
                .forEach(e -> knobs.put(e.getKey(), e.getValue().asText()));
        Map<String, Double> latency = new LinkedHashMap<>();
        c.path("latencyNs")
                .properties()
                .forEach(e -> latency.put(e.getKey(), e.getValue().asDouble()));
        Map<String, Double> costs = new LinkedHashMap<>();
        for (String side : new String[] {"self", "peer"}) {
            c.path("costsPerOperation")
                    .path(side)
                    .properties()
                    .forEach(
                            e -> costs.put(side + "." + e.getKey(), e.getValue().asDouble()));
        }
        JsonNode bytes = c.path("throughput").path("bytesPerSecond");
        JsonNode hlog = c.path("files").path("hlog");
        return new CaseRow(
                c.path("key").asText(),
                c.path("pattern").asText(),
                c.path("transport").asText(),
                c.path("messageBytes").asLong(),
                knobs,
                c.path("status").asText(),
                c.path("reason").asText(""),
                latency,
                bytes.isNumber() ? Optional.of(bytes.asDouble() / 1e6) : Optional.empty(),
                costs,
                hlog.isTextual() ? Optional.of(runDir.resolve(hlog.asText())) : Optional.empty());
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
