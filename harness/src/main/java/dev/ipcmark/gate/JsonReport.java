package dev.ipcmark.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A comparison as JSON, for tools: every verdict with its numbers, and everything not compared. */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /** The JSON text. */
    public static String render(Comparison c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("dir", c.baseline().dir().toString());
        baseline.put("runs", c.baseline().runs().stream().map(RunSamples::runId).toList());
        c.baseline().made(c.run()).ifPresent(made -> baseline.put("made", made));
        doc.put("baseline", baseline);
        doc.put(
                "current",
                Map.of(
                        "runId",
                        c.run().runId(),
                        "dir",
                        c.run().dir().toString(),
                        "runs",
                        c.current().stream().map(RunSamples::runId).toList()));
        doc.put("regressions", c.failures().size());
        doc.put("untestable", c.blind().size());
        doc.put("summary", c.summary());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            thresholds.put(m.id(), GateSpec.formatPercent(c.thresholds().percent(m)));
        }
        doc.put("thresholds", thresholds);
        doc.put("alpha", c.alpha());
        List<Map<String, Object>> probes = new ArrayList<>();
        for (Drift.ProbeChange p : c.drift().probes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("probe", p.probe());
            m.put("ratio", p.estimate().ratio());
            m.put("ratioLow", p.estimate().low());
            m.put("ratioHigh", p.estimate().high());
            m.put("moved", p.moved());
            probes.add(m);
        }
        doc.put("machineDrift", Map.of("moved", c.drift().moved(), "probes", probes));
        List<Map<String, Object>> results = new ArrayList<>();
        for (MetricResult r : c.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", r.caseKey());
            m.put("metric", r.verdict() == Verdict.FAILED ? null : r.metric().id());
            m.put("verdict", r.verdict().id());
            m.put("baseline", finite(r.baseline()));
            m.put("current", finite(r.current()));
            m.put("unit", r.metric().higherIsBetter() ? "msg/s" : "ns");
            if (r.estimate() != null) {
                m.put("ratio", r.estimate().ratio());
                m.put("ratioLow", r.estimate().low());
                m.put("ratioHigh", r.estimate().high());
                m.put("pWorse", r.estimate().pWorse());
                m.put("pBetter", r.estimate().pBetter());
                m.put("iterationP", finite(r.iterationP()));
                m.put("detectablePercent", finite(r.detectablePercent()));
                m.put("runsNeeded", r.estimate().runsNeeded());
                m.put("forksNeeded", r.estimate().forksNeeded());
            }
            m.put("thresholdPercent", finite(r.thresholdPercent()));
            m.put("baselineSamples", r.baselineSamples());
            m.put("currentSamples", r.currentSamples());
            m.put("note", r.note());
            results.add(m);
        }
        doc.put("results", results);
        doc.put("onlyInBaseline", c.onlyInBaseline());
        doc.put("onlyInCurrent", c.onlyInCurrent());
        doc.put("notCompared", c.notCompared());
        doc.put("environmentDifferences", c.environmentDifferences());
        doc.put("warnings", c.warnings());
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
