package dev.ipcmark.cli;

import dev.ipcmark.gate.Baseline;
import dev.ipcmark.gate.Comparison;
import dev.ipcmark.gate.ConsoleTable;
import dev.ipcmark.gate.GateException;
import dev.ipcmark.gate.JsonReport;
import dev.ipcmark.gate.JunitReport;
import dev.ipcmark.gate.MarkdownReport;
import dev.ipcmark.gate.RunSamples;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options shared by {@code ipcmark compare} and {@code ipcmark run --baseline}: thresholds and outputs. */
final class GateOptions {
    @Option(
            names = "--threshold",
            paramLabel = "METRIC=PERCENT",
            split = ",",
            description =
                    "Override a gate threshold of the baseline's scenario, e.g. --threshold p50=5%%,p99=off."
                            + " Metrics: p50, p99, throughput; a threshold is a percentage from 0%% to 1000%% (e.g. 10%%), or off.")
    private List<String> thresholds = new ArrayList<>();

    @Option(
            names = "--alpha",
            paramLabel = "LEVEL",
            description = "Significance level of the run's family of tests, corrected with Holm's method (default:"
                    + " ${DEFAULT-VALUE}); the confidence intervals are 1 - LEVEL.",
            defaultValue = "0.01")
    private double alpha;

    @Option(
            names = "--strict-env",
            description = "Refuse (exit 2) to compare runs from machines whose environment fingerprints differ"
                    + " (default: a warning).")
    private boolean strictEnv;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML (one test per case and metric).")
    private Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown summary (for a PR or CI step).")
    private Path markdown;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the verdicts as JSON.")
    private Path json;

    @Option(
            names = "--allow-incomplete",
            description = "Compare even when a run did not finish (killed, interrupted, failed) or nothing could be"
                    + " compared; the verdict then says so. Without it such a comparison is refused (exit 2).")
    private boolean allowIncomplete;

    @Mixin
    private BaselinesDir baselines;

    /** Where saved baselines live. */
    Path baselinesRoot() {
        return baselines.root();
    }

    /**
     * Compares {@code current} (a run, or a saved baseline's runs) with {@code baseline}, prints the table, writes the
     * files asked for, and returns the exit status: {@link ExitCodes#REGRESSION} when anything regressed, else
     * {@link ExitCodes#OK}. Throws {@link GateException} when the comparison cannot be made.
     */
    int compare(Baseline baseline, Baseline current, PrintWriter out) {
        return publish(comparison(baseline, current.runs()), out);
    }

    /**
     * Checks every option before anything is measured (a bad {@code --alpha} found after a ten-minute run wastes
     * it); throws {@link GateException} naming the option.
     */
    void validate() {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new GateException("--alpha must be between 0 and 0.5 (e.g. 0.01), got " + alpha);
        }
        overrides();
    }

    /** The {@code --threshold} options by metric, each checked. */
    private Map<Metric, Double> overrides() {
        Map<Metric, Double> parsed = new LinkedHashMap<>();
        for (String t : thresholds) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                throw new GateException("--threshold " + t + ": expected METRIC=PERCENT, e.g. p50=5%");
            }
            String name = t.substring(0, eq);
            Metric metric = Metric.byId(name)
                    .orElseThrow(() -> new GateException("--threshold " + t + ": unknown metric '" + name
                            + "'; allowed: " + String.join(", ", Metric.ids())));
            if (parsed.containsKey(metric)) {
                throw new GateException("--threshold " + name + " is given twice");
            }
            try {
                parsed.put(metric, GateSpec.parsePercent(t.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new GateException("--threshold " + name + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    /**
     * The comparison of the {@code current} runs with {@code base} under these options, not yet shown anywhere.
     * Thresholds are the baseline's, with the command line's on top: a run is never judged by its own scenario.
     */
    Comparison comparison(Baseline base, List<RunSamples> current) {
        validate();
        List<String> incomplete = new ArrayList<>();
        for (RunSamples run : concat(base.runs(), current)) {
            if (!run.state().equals("finished")) {
                incomplete.add(run.dir() + " (run " + run.runId() + ") is " + run.state()
                        + ", not finished: cases it did not get to are missing from it");
            }
        }
        if (!incomplete.isEmpty() && !allowIncomplete) {
            throw new GateException(String.join("; ", incomplete) + " (--allow-incomplete compares it anyway)");
        }
        GateSpec spec = base.thresholds();
        for (Map.Entry<Metric, Double> t : overrides().entrySet()) {
            spec = spec.with(t.getKey(), t.getValue());
        }
        Comparison comparison = Comparison.of(base, current, spec, alpha).withWarnings(incomplete);
        if (comparison.results().isEmpty() && !allowIncomplete) {
            throw new GateException("nothing was compared: no case ran in both runs with a gated metric ("
                    + comparison.summary() + "); a gate that compares nothing cannot pass (--allow-incomplete to"
                    + " accept it)");
        }
        if (strictEnv && !comparison.environmentDifferences().isEmpty()) {
            throw new GateException("the runs come from different machine types (--strict-env): "
                    + String.join("; ", comparison.environmentDifferences()));
        }
        return comparison;
    }

    private static List<RunSamples> concat(List<RunSamples> runs, List<RunSamples> more) {
        List<RunSamples> all = new ArrayList<>(runs);
        all.addAll(more);
        return all;
    }

    /**
     * Prints {@code comparison}, writes the files asked for and returns the exit status it calls for: a regression
     * fails the gate; otherwise a gate that could not see everything it was asked to (cases of the baseline missing
     * from the run, metrics with too few samples) fails closed with {@link ExitCodes#BAD_INPUT}, unless
     * {@code --allow-incomplete}.
     */
    int publish(Comparison comparison, PrintWriter out) {
        out.print(ConsoleTable.render(comparison));
        out.flush();
        write(junit, comparison, JunitReport::render, out);
        write(markdown, comparison, MarkdownReport::render, out);
        write(json, comparison, JsonReport::render, out);
        if (!comparison.failures().isEmpty()) {
            return ExitCodes.REGRESSION;
        }
        List<String> blind = new ArrayList<>();
        if (!comparison.onlyInBaseline().isEmpty()) {
            blind.add(comparison.onlyInBaseline().size() + " case(s) of the baseline are missing from the run");
        }
        if (!comparison.blind().isEmpty()) {
            blind.add(comparison.blind().size() + " metric(s) have too few samples to test");
        }
        if (!blind.isEmpty() && !allowIncomplete) {
            out.println("ipcmark: the gate cannot pass a run it could not judge: " + String.join("; ", blind)
                    + " (--allow-incomplete to accept that)");
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.OK;
    }

    private static void write(Path file, Comparison c, Function<Comparison, String> render, PrintWriter out) {
        if (file != null) {
            Path absolute = file.toAbsolutePath();
            try {
                java.nio.file.Files.createDirectories(absolute.getParent());
            } catch (java.io.IOException e) {
                throw new GateException("cannot create the directory of " + file + ": " + e.getMessage());
            }
            RunDirectory.writeAtomically(absolute, render.apply(c));
            out.println("Wrote " + file);
        }
    }
}
