package dev.ipcmark.cli;

import dev.ipcmark.scenario.ScenarioException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The {@code --tag} and {@code --machine-class} options: what a run is labelled with in the results store. */
final class RunLabels {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern MACHINE_CLASS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final int MAX_VALUE = 200;

    @Option(
            names = "--tag",
            paramLabel = "NAME=VALUE",
            description = "Label the run in the results store (repeatable), e.g. --tag pr=1234 --tag kernel=6.12."
                    + " NAME: lower-case letters, digits and _ . -; VALUE: up to " + MAX_VALUE + " characters.")
    private List<String> tags = List.of();

    @Option(
            names = "--machine-class",
            paramLabel = "NAME",
            description = "The class of machine the run is filed under in the store (default: one made from the"
                    + " machine's architecture, CPU model, CPU count and memory, e.g. amd64-2cpu-amd-epyc-7b13-23gib)."
                    + " History and store baselines compare runs of one class.")
    private String machineClass;

    /** The tags, checked; throws {@link ScenarioException} (exit 2) naming the bad one. */
    Map<String, String> tags() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String t : tags) {
            int eq = t.indexOf('=');
            String name = eq < 0 ? t : t.substring(0, eq);
            String value = eq < 0 ? "" : t.substring(eq + 1);
            if (eq < 0 || !NAME.matcher(name).matches()) {
                throw new ScenarioException(
                        "--tag " + t,
                        "expected NAME=VALUE with NAME of lower-case letters,"
                                + " digits and _ . - (up to 64), e.g. --tag pr=1234");
            }
            if (value.isEmpty() || value.length() > MAX_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                throw new ScenarioException(
                        "--tag " + name,
                        "the value must be 1 to " + MAX_VALUE + " characters with no control characters");
            }
            if (parsed.put(name, value) != null) {
                throw new ScenarioException("--tag " + name, "given twice");
            }
        }
        return parsed;
    }

    /** The machine class given, checked (null: the machine's own). */
    String machineClass() {
        if (machineClass != null && !MACHINE_CLASS.matcher(machineClass).matches()) {
            throw new ScenarioException(
                    "--machine-class " + machineClass,
                    "expected letters, digits and _ . -" + " (up to 100), starting with a letter or digit");
        }
        return machineClass;
    }
}
