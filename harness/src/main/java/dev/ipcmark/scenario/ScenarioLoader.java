package dev.ipcmark.scenario;

import static dev.ipcmark.scenario.YamlValues.checkKeys;
import static dev.ipcmark.scenario.YamlValues.choices;
import static dev.ipcmark.scenario.YamlValues.count;
import static dev.ipcmark.scenario.YamlValues.duration;
import static dev.ipcmark.scenario.YamlValues.list;
import static dev.ipcmark.scenario.YamlValues.mapping;
import static dev.ipcmark.scenario.YamlValues.optional;
import static dev.ipcmark.scenario.YamlValues.percent;
import static dev.ipcmark.scenario.YamlValues.require;
import static dev.ipcmark.scenario.YamlValues.size;
import static dev.ipcmark.scenario.YamlValues.text;

import com.fasterxml.jackson.core.JsonToken;
import dev.ipcmark.scenario.YamlNode.Field;
import dev.ipcmark.scenario.YamlNode.Mapping;
import dev.ipcmark.scenario.YamlNode.Scalar;
import dev.ipcmark.scenario.YamlNode.Sequence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads scenario files. Unknown keys, wrong types and unknown values are errors that name the file, line and column,
 * the offending key or value, and what is allowed there.
 */
public final class ScenarioLoader {
    private static final List<String> TOP_KEYS = List.of("name", "description", "jmh", "cases", "gate", "inject");
    private static final List<String> JMH_KEYS =
            List.of("forks", "warmup", "measurement", "timeout", "profilers", "order");
    private static final List<String> PHASE_KEYS = List.of("iterations", "time");
    private static final List<String> CASE_KEYS =
            List.of("pattern", "transports", "messageSizes", "knobs", "warmup", "forks");
    private static final List<String> GATE_KEYS = Metric.ids();
    private static final List<String> INJECT_KEYS = List.of("peerDelay");

    /** The longest {@code inject.peerDelay}: longer would look like a stalled peer. */
    public static final Duration MAX_PEER_DELAY = Duration.ofMillis(100);

    /** The largest message a case may ask for; beyond it a round trip is a bulk copy, not IPC. */
    public static final long MAX_MESSAGE_BYTES = 1L << 30;

    private final TransportCatalog catalog;

    /** A loader that accepts the transports and knobs of {@code catalog} (the transport registry's, in the product). */
    public ScenarioLoader(TransportCatalog catalog) {
        this.catalog = catalog;
    }

    /** The transports and knobs this loader accepts. */
    public TransportCatalog catalog() {
        return catalog;
    }

    /** Loads and validates the scenario file at {@code file}. */
    public Scenario load(Path file) {
        return parse(ScenarioText.read(file), file.toString());
    }

    /** Parses and validates scenario text; {@code source} names it in errors. */
    public Scenario parse(String text, String source) {
        Mapping top = mapping(YamlNode.parse(text, source), "the scenario");
        checkKeys(top, "the scenario", TOP_KEYS);
        String name = text(require(top, "name", "the scenario"), "name");
        if (name.isBlank()) {
            throw new ScenarioException(top.fields().get("name").value().where(), "'name' must not be empty");
        }
        String description =
                optional(top, "description").map(n -> text(n, "description")).orElse("");
        JmhSettings jmh = optional(top, "jmh").map(this::jmh).orElse(JmhSettings.DEFAULTS);
        YamlNode casesNode = require(top, "cases", "the scenario");
        if (!(casesNode instanceof Sequence cases) || cases.items().isEmpty()) {
            throw new ScenarioException(
                    casesNode.where(), "'cases' must be a non-empty list of case blocks (each with " + CASE_KEYS + ")");
        }
        List<CaseBlock> blocks = new ArrayList<>();
        for (int i = 0; i < cases.items().size(); i++) {
            blocks.add(caseBlock(cases.items().get(i), "case " + (i + 1), jmh));
        }
        GateSpec gate = optional(top, "gate").map(this::gate).orElse(GateSpec.DEFAULTS);
        Duration peerDelay = optional(top, "inject").map(this::peerDelay).orElse(Duration.ZERO);
        return new Scenario(name, description, source, jmh, blocks, gate, peerDelay);
    }

    private JmhSettings jmh(YamlNode node) {
        Mapping m = mapping(node, "'jmh'");
        checkKeys(m, "'jmh'", JMH_KEYS);
        JmhSettings d = JmhSettings.DEFAULTS;
        int forks = optional(m, "forks")
                .map(n -> count(n, "forks", 1, JmhSettings.MAX_FORKS))
                .orElse(d.forks());
        Phase warmup = optional(m, "warmup")
                .map(n -> phase(n, "warmup", 0))
                .orElse(new Phase(d.warmupIterations(), d.warmupTime()));
        Phase measurement = optional(m, "measurement")
                .map(n -> phase(n, "measurement", 1))
                .orElse(new Phase(d.measurementIterations(), d.measurementTime()));
        Duration timeout =
                optional(m, "timeout").map(n -> duration(n, "timeout")).orElse(d.timeout());
        List<String> profilers = optional(m, "profilers")
                .map(n -> choices(n, "profilers", JmhSettings.PROFILERS))
                .orElse(List.of());
        ForkOrder order = optional(m, "order")
                .map(n -> {
                    String id = text(n, "order");
                    return Identified.byId(ForkOrder.class, id)
                            .orElseThrow(() -> new ScenarioException(
                                    n.where(),
                                    "unknown order '" + id + "'; allowed: "
                                            + String.join(", ", Identified.ids(ForkOrder.class))));
                })
                .orElse(ForkOrder.RMIT);
        return new JmhSettings(
                forks,
                warmup.iterations(),
                warmup.time(),
                measurement.iterations(),
                measurement.time(),
                timeout,
                profilers,
                order);
    }

    /** A phase under {@code jmh} ({@code name} is warmup or measurement); what it leaves out is JMH's default. */
    private Phase phase(YamlNode node, String name, int minIterations) {
        Phase d = name.equals("warmup")
                ? new Phase(JmhSettings.DEFAULTS.warmupIterations(), JmhSettings.DEFAULTS.warmupTime())
                : new Phase(JmhSettings.DEFAULTS.measurementIterations(), JmhSettings.DEFAULTS.measurementTime());
        return phase(node, "'jmh." + name + "'", minIterations, d);
    }

    /** A phase, {@code label} naming it in errors, taking from {@code d} what it leaves out. */
    private Phase phase(YamlNode node, String label, int minIterations, Phase d) {
        Mapping m = mapping(node, label);
        checkKeys(m, label, PHASE_KEYS);
        return new Phase(
                optional(m, "iterations")
                        .map(n -> count(n, "iterations", minIterations, JmhSettings.MAX_ITERATIONS))
                        .orElse(d.iterations()),
                optional(m, "time").map(n -> duration(n, "time")).orElse(d.time()));
    }

    private CaseBlock caseBlock(YamlNode node, String what, JmhSettings jmh) {
        Mapping m = mapping(node, what);
        checkKeys(m, what, CASE_KEYS);
        YamlNode patternNode = require(m, "pattern", what);
        String patternId = text(patternNode, "pattern");
        Pattern pattern = Pattern.byId(patternId)
                .orElseThrow(() -> new ScenarioException(
                        patternNode.where(),
                        "unknown pattern '" + patternId + "' in " + what + "; allowed: "
                                + String.join(", ", Pattern.ids())));
        List<String> transports = transports(require(m, "transports", what), what);
        List<Long> sizes = messageSizes(require(m, "messageSizes", what), what);
        CaseBlock block = new CaseBlock(pattern, transports, sizes);
        Optional<YamlNode> warmupNode = optional(m, "warmup");
        if (warmupNode.isPresent()) {
            // A block's own warm-up: what it leaves out is the scenario's.
            block = block.withWarmup(phase(
                    warmupNode.get(), "'warmup' in " + what, 0, new Phase(jmh.warmupIterations(), jmh.warmupTime())));
        }
        Optional<YamlNode> forksNode = optional(m, "forks");
        if (forksNode.isPresent()) {
            block = block.withForks(count(forksNode.get(), "forks", 1, JmhSettings.MAX_FORKS));
        }
        Optional<YamlNode> knobsNode = optional(m, "knobs");
        if (knobsNode.isPresent()) {
            for (Field f :
                    mapping(knobsNode.get(), "'knobs' in " + what).fields().values()) {
                block = knob(block, f.key(), f.keyWhere(), f.value(), what);
            }
        }
        return block;
    }

    /**
     * {@code block} with knob {@code name} set to the values in {@code valuesNode}, each checked against every
     * transport of the block that has the knob; a knob none of them has is an error.
     */
    CaseBlock knob(CaseBlock block, String name, String nameWhere, YamlNode valuesNode, String what) {
        List<String> owners = block.transports().stream()
                .filter(t -> catalog.knob(block.pattern(), t, name).isPresent())
                .toList();
        if (owners.isEmpty()) {
            List<String> names = catalog.knobNames(block.pattern(), block.transports());
            throw new ScenarioException(
                    nameWhere,
                    "unknown knob '" + name + "' in " + what + " for " + String.join(", ", block.transports())
                            + "; allowed: "
                            + (names.isEmpty() ? "none (these transports have no knobs)" : String.join(", ", names)));
        }
        List<String> values = list(valuesNode, name, n -> {
            String value = text(n, name);
            for (String transport : owners) {
                Knob knob = catalog.knob(block.pattern(), transport, name).orElseThrow();
                knob.problem(value).ifPresent(problem -> {
                    throw new ScenarioException(
                            n.where(),
                            "bad value '" + value + "' for knob '" + name + "' of " + transport + " in " + what + ": "
                                    + problem + "; allowed: " + knob.allowed());
                });
            }
            return catalog.knob(block.pattern(), owners.getFirst(), name)
                    .orElseThrow()
                    .canonical(value);
        });
        return block.withKnob(name, values);
    }

    /** Validates a list of transport ids (a single id is a list of one). */
    List<String> transports(YamlNode node, String what) {
        return list(node, "transports", n -> {
            String id = text(n, "transports");
            if (!catalog.ids().contains(id)) {
                throw new ScenarioException(
                        n.where(),
                        "unknown transport '" + id + "' in " + what + "; allowed: " + String.join(", ", catalog.ids()));
            }
            return id;
        });
    }

    /** Validates a list of message sizes (a single size is a list of one). */
    List<Long> messageSizes(YamlNode node, String what) {
        return list(node, "messageSizes", n -> {
            long bytes = size(n, "messageSizes");
            if (bytes < 1 || bytes > MAX_MESSAGE_BYTES) {
                throw new ScenarioException(
                        n.where(),
                        "message size " + Sizes.format(bytes) + " in " + what + " is out of range; allowed: 1 to "
                                + Sizes.format(MAX_MESSAGE_BYTES));
            }
            return bytes;
        });
    }

    private GateSpec gate(YamlNode node) {
        Mapping m = mapping(node, "'gate'");
        checkKeys(m, "'gate'", GATE_KEYS);
        Map<Metric, Double> percent = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            optional(m, metric.id()).ifPresent(n -> percent.put(metric, percent(n, metric.id())));
        }
        return new GateSpec(percent);
    }

    private Duration peerDelay(YamlNode node) {
        Mapping m = mapping(node, "'inject'");
        checkKeys(m, "'inject'", INJECT_KEYS);
        return optional(m, "peerDelay")
                .map(n -> peerDelay(text(n, "peerDelay"), n.where()))
                .orElse(Duration.ZERO);
    }

    /**
     * Parses a duration that must not be zero (an iteration time, a timeout), from a file or the command line;
     * {@code where} and {@code what} name it in the error.
     */
    public static Duration positiveDuration(String text, String where, String what) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("'" + text + "' is zero; expected " + Durations.ALLOWED);
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where, "bad duration in " + what + ": " + e.getMessage());
        }
    }

    /** Parses an injected peer delay (0 to {@link #MAX_PEER_DELAY}), from a file or the command line. */
    public static Duration peerDelay(String text, String where) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where, "bad duration in 'peerDelay': " + e.getMessage());
        }
        if (d.compareTo(MAX_PEER_DELAY) > 0) {
            throw new ScenarioException(
                    where,
                    "'peerDelay' " + Durations.format(d) + " is out of range; allowed: 0ns to "
                            + Durations.format(MAX_PEER_DELAY));
        }
        return d;
    }

    /** Parses one command-line override value list ({@code 64,4KiB}) as if it were a YAML list. */
    static YamlNode commandLineList(String option, String values) {
        List<YamlNode> items = new ArrayList<>();
        for (String v : values.split(",", -1)) {
            items.add(new Scalar(v.strip(), JsonToken.VALUE_STRING, "command line (" + option + ")"));
        }
        return new Sequence(items, "command line (" + option + ")");
    }
}
