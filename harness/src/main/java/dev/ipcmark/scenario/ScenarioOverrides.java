package dev.ipcmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command-line changes to a loaded scenario: JMH settings ({@code --quick}, {@code --forks} …) and case parameters
 * ({@code -p messageSizes=64,4KiB}, {@code -p transports=shm}, {@code -p mode=blocking,nonblocking-poll}), which
 * replace that list or knob in every case block (a knob only in blocks whose transports have it).
 *
 * @param quick start from {@link JmhSettings#QUICK} instead of the scenario's settings
 * @param forks forks, or null to keep
 * @param warmupIterations warmup iterations, or null to keep
 * @param warmupTime warmup iteration time, or null to keep
 * @param measurementIterations measurement iterations, or null to keep
 * @param measurementTime measurement iteration time, or null to keep
 * @param params case parameters by name, applied to every case block
 */
public record ScenarioOverrides(
        boolean quick,
        Integer forks,
        Integer warmupIterations,
        Duration warmupTime,
        Integer measurementIterations,
        Duration measurementTime,
        Map<String, String> params) {

    /** The case parameters {@code -p} accepts, as text for help and errors. */
    public static final String PARAM_NAMES = "transports, messageSizes";

    /** The case parameters {@code -p} accepts. */
    public static final List<String> PARAMS = List.of(PARAM_NAMES.split(", "));

    /** No changes. */
    public static final ScenarioOverrides NONE = new ScenarioOverrides(false, null, null, null, null, null, Map.of());

    /**
     * The {@code -p NAME=VALUES} options as a map; a malformed one, or a name given twice (the second would silently
     * replace the first), is an error naming the option.
     */
    public static Map<String, String> parseParams(List<String> options) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new ScenarioException(
                        "command line (-p " + option + ")",
                        "expected NAME=VALUES, e.g. -p messageSizes=64,4KiB or -p mode=blocking");
            }
            String name = option.substring(0, eq).strip();
            if (params.containsKey(name)) {
                throw new ScenarioException(
                        "command line (-p " + option + ")",
                        "-p " + name + " is given twice; give all its values in one, e.g. -p " + name + "="
                                + params.get(name) + "," + option.substring(eq + 1));
            }
            params.put(name, option.substring(eq + 1));
        }
        return params;
    }

    /** Copies the parameter map. */
    public ScenarioOverrides {
        params = Map.copyOf(params);
    }

    /** The scenario with these changes, validated as strictly as a scenario file. */
    public Scenario applyTo(Scenario scenario, ScenarioLoader loader) {
        JmhSettings j = quick
                ? JmhSettings.QUICK
                        .withTimeout(scenario.jmh().timeout())
                        .withProfilers(scenario.jmh().profilers())
                : scenario.jmh();
        j = new JmhSettings(
                count(forks, "--forks", j.forks(), 1, JmhSettings.MAX_FORKS),
                count(warmupIterations, "--warmup-iterations", j.warmupIterations(), 0, JmhSettings.MAX_ITERATIONS),
                warmupTime != null ? warmupTime : j.warmupTime(),
                count(measurementIterations, "--iterations", j.measurementIterations(), 1, JmhSettings.MAX_ITERATIONS),
                measurementTime != null ? measurementTime : j.measurementTime(),
                j.timeout(),
                j.profilers(),
                scenario.jmh().order());
        List<CaseBlock> blocks = new ArrayList<>(scenario.cases());
        if (quick || warmupIterations != null || warmupTime != null) {
            // A warm-up given on the command line is every case's: --quick is quick for all of them.
            blocks.replaceAll(b -> b.withWarmup(null));
        }
        if (quick || forks != null) {
            // So are forks given on the command line: --forks 1 is one fork of every case.
            blocks.replaceAll(b -> b.withForks(null));
        }
        // Transports first: which knobs exist depends on them.
        List<Map.Entry<String, String>> ordered = params.entrySet().stream()
                .sorted(java.util.Comparator.comparing(e -> !PARAMS.contains(e.getKey())))
                .toList();
        for (Map.Entry<String, String> p : ordered) {
            String option = "-p " + p.getKey() + "=" + p.getValue();
            YamlNode values = ScenarioLoader.commandLineList(option, p.getValue());
            switch (p.getKey()) {
                case "transports" -> {
                    List<String> ids = loader.transports(values, "the command line");
                    blocks.replaceAll(b -> b.withTransports(ids));
                }
                case "messageSizes" -> {
                    List<Long> sizes = loader.messageSizes(values, "the command line");
                    blocks.replaceAll(b -> b.withMessageSizes(sizes));
                }
                default -> blocks = knob(blocks, p.getKey(), option, values, loader);
            }
        }
        return scenario.withJmh(j).withCases(blocks);
    }

    /** Sets knob {@code name} in every block whose transports have it; a knob no block can take is an error. */
    private static List<CaseBlock> knob(
            List<CaseBlock> blocks, String name, String option, YamlNode values, ScenarioLoader loader) {
        TransportCatalog catalog = loader.catalog();
        List<CaseBlock> changed = new ArrayList<>();
        boolean applied = false;
        for (CaseBlock b : blocks) {
            if (catalog.knobNames(b.pattern(), b.transports()).contains(name)) {
                changed.add(loader.knob(b, name, "command line (" + option + ")", values, "the command line"));
                applied = true;
            } else {
                changed.add(b);
            }
        }
        if (!applied) {
            List<String> allowed = new ArrayList<>(PARAMS);
            blocks.forEach(b -> catalog.knobNames(b.pattern(), b.transports()).stream()
                    .filter(k -> !allowed.contains(k))
                    .forEach(allowed::add));
            throw new ScenarioException(
                    "command line (" + option + ")",
                    "unknown parameter '" + name + "' (not a knob of this scenario's transports); allowed: "
                            + String.join(", ", allowed));
        }
        return changed;
    }

    private static int count(Integer value, String option, int current, int min, int max) {
        if (value == null) {
            return current;
        }
        if (value < min || value > max) {
            throw new ScenarioException(
                    "command line (" + option + ")", option + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}
