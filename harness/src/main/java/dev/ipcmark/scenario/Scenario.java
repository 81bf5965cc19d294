package dev.ipcmark.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated scenario: what to run and how to measure it.
 *
 * @param name short name, used in run ids
 * @param description one or two sentences for reports
 * @param source where it was loaded from (a path, or a description for built ones)
 * @param jmh how every case is measured
 * @param cases the case blocks, each expanded by {@link CaseMatrix}
 * @param gate regression thresholds for CI
 * @param peerDelay a delay the peer adds to every message it handles ({@code inject.peerDelay}; zero for none): a known
 *     slowdown, to check that a regression gate catches it
 */
public record Scenario(
        String name,
        String description,
        String source,
        JmhSettings jmh,
        List<CaseBlock> cases,
        GateSpec gate,
        java.time.Duration peerDelay) {

    /** Copies the case list so the scenario is immutable. */
    public Scenario {
        cases = List.copyOf(cases);
    }

    /** This scenario with other JMH settings. */
    public Scenario withJmh(JmhSettings settings) {
        return new Scenario(name, description, source, settings, cases, gate, peerDelay);
    }

    /** This scenario with other case blocks. */
    public Scenario withCases(List<CaseBlock> blocks) {
        return new Scenario(name, description, source, jmh, blocks, gate, peerDelay);
    }

    /** This scenario with {@code delay} added by the peer to every message. */
    public Scenario withPeerDelay(java.time.Duration delay) {
        return new Scenario(name, description, source, jmh, cases, gate, delay);
    }

    /**
     * The scenario in the shape of a scenario file, with every default filled in: saved with each run so that
     * {@code ipcmark run results/RUN/scenario.yaml} repeats it exactly.
     */
    public Map<String, Object> toDocument() {
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (CaseBlock block : cases) {
            Map<String, Object> b = ordered(
                    "pattern", block.pattern().id(),
                    "transports", block.transports(),
                    "messageSizes",
                            block.messageSizes().stream().map(Sizes::format).toList());
            if (!block.knobs().isEmpty()) {
                b.put("knobs", block.knobs());
            }
            block.warmup()
                    .ifPresent(w ->
                            b.put("warmup", ordered("iterations", w.iterations(), "time", Durations.format(w.time()))));
            block.forks().ifPresent(f -> b.put("forks", f));
            blocks.add(b);
        }
        Map<String, Object> thresholds = new LinkedHashMap<>();
        gate.percent().forEach((metric, percent) -> thresholds.put(metric.id(), GateSpec.formatPercent(percent)));
        Map<String, Object> document = ordered(
                "name", name,
                "description", description,
                "jmh",
                        ordered(
                                "forks", jmh.forks(),
                                "warmup",
                                        ordered(
                                                "iterations", jmh.warmupIterations(),
                                                "time", Durations.format(jmh.warmupTime())),
                                "measurement",
                                        ordered(
                                                "iterations", jmh.measurementIterations(),
                                                "time", Durations.format(jmh.measurementTime())),
                                "timeout", Durations.format(jmh.timeout()),
                                "profilers", jmh.profilers(),
                                "order", jmh.order().id()),
                "cases", blocks,
                "gate", thresholds);
        if (!peerDelay.isZero()) {
            document.put("inject", ordered("peerDelay", Durations.format(peerDelay)));
        }
        return document;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
