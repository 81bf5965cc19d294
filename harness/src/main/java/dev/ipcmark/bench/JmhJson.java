package dev.ipcmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipcmark.results.CaseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A case's JMH JSON as ipcmark keeps it: the forks a run measured in separate JMH invocations (interleaved with other
 * cases') put back together into one result with every fork's raw data, as JMH would have written had it run them
 * in one go (score, 99.9 % error and percentiles recomputed JMH's way), plus ipcmark's own figures as secondary
 * metrics ({@code ipcmark.opsPerSecond}, {@code ipcmark.p50Ns}, {@code ipcmark.p99Ns}, {@code ipcmark.meanNs}), so a
 * JMH visualizer shows the numbers ipcmark prints, not only JMH's iteration-weighted mean.
 */
final class JmhJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double[] PERCENTILES = {0, 50, 90, 95, 99, 99.9, 99.99, 99.999, 99.9999, 100};

    private JmhJson() {}

    /** The forks' JSON files (each JMH's array of one result), read in order and merged into one result. */
    static ObjectNode merge(List<Path> forkFiles) {
        ObjectNode merged = null;
        for (Path file : forkFiles) {
            JsonNode array;
            try {
                array = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read JMH's result " + file, e);
            }
            if (!array.isArray() || array.isEmpty()) {
                continue;
            }
            ObjectNode fork = (ObjectNode) array.get(0);
            if (merged == null) {
                merged = fork.deepCopy();
            } else {
                appendRawData((ObjectNode) merged.get("primaryMetric"), fork.get("primaryMetric"));
                ObjectNode secondaries = (ObjectNode) merged.get("secondaryMetrics");
                for (Map.Entry<String, JsonNode> e :
                        fork.get("secondaryMetrics").properties()) {
                    if (secondaries.has(e.getKey())) {
                        appendRawData((ObjectNode) secondaries.get(e.getKey()), e.getValue());
                    } else {
                        secondaries.set(e.getKey(), e.getValue().deepCopy());
                    }
                }
                merged.put(
                        "forks", merged.get("forks").asInt() + fork.get("forks").asInt());
            }
        }
        if (merged == null) {
            throw new IllegalStateException("JMH wrote no result");
        }
        restate((ObjectNode) merged.get("primaryMetric"));
        merged.get("secondaryMetrics").forEach(m -> restate((ObjectNode) m));
        return merged;
    }

    private static void appendRawData(ObjectNode into, JsonNode from) {
        ArrayNode raw = (ArrayNode) into.get("rawData");
        from.get("rawData").forEach(fork -> raw.add(fork.deepCopy()));
    }

    /** Recomputes score, error, confidence and percentiles from rawData, as JMH does for a result of many forks. */
    private static void restate(ObjectNode metric) {
        double[] values = flatten(metric.get("rawData"));
        if (values.length == 0) {
            return;
        }
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        metric.put("score", mean);
        double error = Double.NaN;
        if (values.length > 1) {
            double variance =
                    Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
            // JMH's scoreError: the half-width of the 99.9 % confidence interval of the mean (Student's t).
            double t = TDistribution.of(values.length - 1).inverseSurvivalProbability(0.0005);
            error = t * Math.sqrt(variance / values.length);
        }
        metric.put("scoreError", error);
        ArrayNode confidence = NODES.arrayNode();
        confidence.add(Double.isNaN(error) ? Double.NaN : mean - error);
        confidence.add(Double.isNaN(error) ? Double.NaN : mean + error);
        metric.set("scoreConfidence", confidence);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        ObjectNode percentiles = NODES.objectNode();
        for (double p : PERCENTILES) {
            percentiles.put(Double.toString(p), percentile(sorted, p));
        }
        metric.set("scorePercentiles", percentiles);
    }

    /** JMH's percentile: the value at rank ⌈p/100 · n⌉ (nearest rank), the smallest for p = 0. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double[] flatten(JsonNode rawData) {
        List<Double> all = new ArrayList<>();
        for (Iterator<JsonNode> forks = rawData.elements(); forks.hasNext(); ) {
            forks.next().forEach(v -> all.add(v.asDouble()));
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * {@code merged} with ipcmark's figures for the case added as secondary metrics, as JMH's JSON array text:
     * {@code opsPerSecond} holds each fork's per-iteration operations per second of measured time.
     */
    static String withIpcmarkMetrics(ObjectNode merged, CaseResult result, List<List<Double>> opsPerSecond) {
        ObjectNode secondaries = (ObjectNode) merged.get("secondaryMetrics");
        CaseResult.Samples s = result.samples();
        if (s != null) {
            s.byMetric()
                    .forEach((m, forks) -> secondaries.set(
                            "ipcmark." + m.samplesField(), metric(forks, m.higherIsBetter() ? "msgs/s" : "ns")));
        }
        if (opsPerSecond.stream().anyMatch(f -> !f.isEmpty())) {
            secondaries.set("ipcmark.opsPerSecond", metric(opsPerSecond, "ops/s"));
        }
        if (result.latency() != null) {
            ObjectNode mean = metric(List.of(List.of(result.latency().mean())), "ns");
            secondaries.set("ipcmark.meanNs", mean);
        }
        ArrayNode array = NODES.arrayNode();
        array.add(merged);
        try {
            return JSON.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode metric(List<List<Double>> forks, String unit) {
        ObjectNode m = NODES.objectNode();
        ArrayNode raw = NODES.arrayNode();
        forks.forEach(f -> {
            ArrayNode fork = NODES.arrayNode();
            f.forEach(fork::add);
            raw.add(fork);
        });
        m.put("scoreUnit", unit);
        m.set("rawData", raw);
        restate(m);
        return m;
    }
}
