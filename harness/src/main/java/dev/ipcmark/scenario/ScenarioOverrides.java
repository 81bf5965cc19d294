package dev.ipcmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command-line changes to a loaded scenario: JMH settings ({@code --quick}, {@code --forks} …) and case parameters
 * ({@code -p messageSizes=64,4KiB}, {@code -p transports=shm}), which replace that list in every case block.
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

    /** Copies the parameter map. */
    public ScenarioOverrides {
        params = Map.copyOf(params);
    }

    /** The scenario with these changes, validated as strictly as a scenario file. */
    public Scenario applyTo(Scenario scenario, ScenarioLoader loader) {
        JmhSettings j = quick ? JmhSettings.QUICK.withTimeout(scenario.jmh().timeout()) : scenario.jmh();
        j = new JmhSettings(
                positive(forks, "--forks", j.forks(), 1),
                positive(warmupIterations, "--warmup-iterations", j.warmupIterations(), 0),
                warmupTime != null ? warmupTime : j.warmupTime(),
                positive(measurementIterations, "--iterations", j.measurementIterations(), 1),
                measurementTime != null ? measurementTime : j.measurementTime(),
                j.timeout());
        List<CaseBlock> blocks = new ArrayList<>(scenario.cases());
        for (Map.Entry<String, String> p : params.entrySet()) {
            String option = "-p " + p.getKey() + "=" + p.getValue();
            YamlNode values = ScenarioLoader.commandLineList(option, p.getValue());
            switch (p.getKey()) {
                case "transports" -> {
                    List<String> ids = loader.transports(values, "the command line");
                    blocks.replaceAll(b -> new CaseBlock(b.pattern(), ids, b.messageSizes()));
                }
                case "messageSizes" -> {
                    List<Long> sizes = loader.messageSizes(values, "the command line");
                    blocks.replaceAll(b -> new CaseBlock(b.pattern(), b.transports(), sizes));
                }
                default ->
                    throw new ScenarioException(
                            "command line (" + option + ")",
                            "unknown parameter '" + p.getKey() + "'; allowed: " + String.join(", ", PARAMS));
            }
        }
        return scenario.withJmh(j).withCases(blocks);
    }

    private static int positive(Integer value, String option, int current, int min) {
        if (value == null) {
            return current;
        }
        if (value < min) {
            throw new ScenarioException(
                    "command line (" + option + ")", option + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
