package dev.ipcmark.store;

import dev.ipcmark.results.RunRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A baseline made of the store's history: {@code store:branch=main,last=20[,machine-class=…][,scenario=…]} is the
 * newest {@code last} finished runs of the scenario on that branch, on machines of that class (by default the
 * machine class and scenario of the run being judged).
 *
 * @param branch the git branch the runs were built from
 * @param last how many runs, newest first
 * @param machineClass their machine class (null: the judged run's)
 * @param scenario their scenario name (null: the judged run's)
 */
public record HistoryBaseline(String branch, int last, String machineClass, String scenario) {
    /** What starts such a baseline spec. */
    public static final String PREFIX = "store:";
    /** Runs taken when {@code last} is not given. */
    public static final int DEFAULT_LAST = 20;
    /** Most runs one baseline may take. */
    public static final int MAX_LAST = 1000;

    private static final List<String> KEYS = List.of("branch", "last", "machine-class", "scenario");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./@+-]{0,199}");

    /** Whether {@code spec} names a history baseline rather than a directory or saved baseline. */
    public static boolean is(String spec) {
        return spec.startsWith(PREFIX);
    }

    /** Parses {@code spec}; throws a bad-input {@link StoreException} naming the part that is wrong. */
    public static HistoryBaseline parse(String spec) {
        if (!is(spec)) {
            throw StoreException.badInput("--baseline " + spec + ": a history baseline starts with " + PREFIX);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : spec.substring(PREFIX.length()).split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (eq < 0 || !KEYS.contains(key)) {
                throw StoreException.badInput(
                        "--baseline " + spec + ": '" + part + "' is not KEY=VALUE with KEY one of "
                                + String.join(", ", KEYS) + " (e.g. store:branch=main,last=20)");
            }
            String value = part.substring(eq + 1);
            if (!VALUE.matcher(value).matches()) {
                throw StoreException.badInput("--baseline " + spec + ": " + key + "='" + value + "' is not a name"
                        + " (letters, digits and _ . / @ + -, up to 200)");
            }
            if (parts.put(key, value) != null) {
                throw StoreException.badInput("--baseline " + spec + ": " + key + " is given twice");
            }
        }
        if (!parts.containsKey("branch")) {
            throw StoreException.badInput(
                    "--baseline " + spec + ": say which branch's history, e.g. store:branch=main,last=20");
        }
        int last = DEFAULT_LAST;
        if (parts.containsKey("last")) {
            try {
                last = Integer.parseInt(parts.get("last"));
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 1 || last > MAX_LAST) {
                throw StoreException.badInput("--baseline " + spec + ": last must be a whole number from 1 to "
                        + MAX_LAST + ", got " + parts.get("last"));
            }
        }
        return new HistoryBaseline(parts.get("branch"), last, parts.get("machine-class"), parts.get("scenario"));
    }

    /**
     * The runs of this baseline in {@code store}, oldest first, for a run of {@code judgedScenario} on a machine of
     * {@code judgedClass}; throws a bad-input {@link StoreException} when there are none, saying what was looked for.
     */
    public List<RunRecord> runs(Store store, String judgedScenario, String judgedClass) {
        String scenarioName = scenario != null ? scenario : judgedScenario;
        String machines = machineClass != null ? machineClass : judgedClass;
        List<RunRecord> runs = store.runs(scenarioName, branch, machines, last);
        if (runs.isEmpty()) {
            throw StoreException.badInput(store.location().shown() + " has no finished run of scenario '"
                    + scenarioName + "' on branch '" + branch + "' on machine class '" + machines
                    + "' to compare with (record some with ipcmark run or ipcmark store import)");
        }
        return runs;
    }

    /** How messages name it: {@code store:branch=main,last=20,machine-class=…,scenario=…}. */
    public String describe(String judgedScenario, String judgedClass) {
        return PREFIX + "branch=" + branch + ",last=" + last + ",machine-class="
                + (machineClass != null ? machineClass : judgedClass) + ",scenario="
                + (scenario != null ? scenario : judgedScenario);
    }
}
