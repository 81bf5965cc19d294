package dev.ipcmark.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Records one run into its directory: the resolved scenario at once, then {@code run.json}, {@code summary.csv} and
 * the analyses after every case, each file whole or not at all. It owns the run's state: {@code running} from the first
 * moment (with the writer's PID, so {@code clean} knows the run is alive), {@code finished} at the end,
 * {@code interrupted} when the JVM is stopped (Ctrl-C), {@code failed} with the reason when the results themselves
 * cannot be written.
 */
public final class RunRecorder {
    private final RunDirectory run;
    private final RunManifest manifest;
    private final Thread interrupted;
    private volatile List<CaseResult> latest = List.of();
    private volatile Calibration calibration;

    /**
     * Starts recording into {@code run}: writes {@code scenarioDocument} (the resolved scenario, with a comment saying
     * how to repeat the run) and a first {@code run.json}.
     */
    public RunRecorder(RunDirectory run, RunManifest manifest, Map<String, Object> scenarioDocument) {
        this.run = run;
        this.manifest = manifest;
        writeScenario(scenarioDocument);
        persist(List.of(), "running", null);
        interrupted = new Thread(() -> persist(latest, "interrupted", null), "ipcmark-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
    }

    /** The run directory. */
    public RunDirectory run() {
        return run;
    }

    /** Records the cases done so far and what the calibration probes measured so far. */
    public void progress(List<CaseResult> results, Calibration probes) {
        latest = List.copyOf(results);
        calibration = probes;
        persist(latest, "running", null);
    }

    /** Records the end of the run with every case and every round of the probes. */
    public void finished(List<CaseResult> results, Calibration probes) {
        latest = List.copyOf(results);
        calibration = probes;
        persist(latest, "finished", null);
        Runtime.getRuntime().removeShutdownHook(interrupted);
    }

    /**
     * Records that the run stopped because its results could not be written ({@code cause}), if run.json can still be
     * written; returns what became of that attempt, for the one-line error.
     */
    public String failed(ResultsException cause) {
        Runtime.getRuntime().removeShutdownHook(interrupted);
        try {
            persist(latest, "failed", cause.getMessage());
            return "run.json says the run failed and keeps the cases done";
        } catch (ResultsException again) {
            return "run.json could not be updated either (" + again.getMessage() + ")";
        }
    }

    /** The cases recorded so far. */
    public List<CaseResult> latest() {
        return latest;
    }

    private void persist(List<CaseResult> results, String state, String reason) {
        RunDirectory.writeAtomically(run.file(RunDirectory.SUMMARY), SummaryCsv.render(results));
        if (results.stream().anyMatch(r -> !r.parts().isEmpty())) {
            RunDirectory.writeAtomically(run.file(RunDirectory.PARTS), SummaryCsv.renderParts(results));
        }
        CopyVsMap.of(results).ifPresent(a -> RunDirectory.writeAtomically(run.file(RunDirectory.COPY_VS_MAP), a.csv()));
        CopyLadder.of(results)
                .ifPresent(l -> RunDirectory.writeAtomically(run.file(RunDirectory.COPY_LADDER), l.csv()));
        String finishedAt =
                state.equals("running") ? null : OffsetDateTime.now().toString();
        RunDirectory.writeAtomically(
                run.file(RunDirectory.MANIFEST),
                manifest.record(results, state, finishedAt, reason, calibration).toJson());
    }

    private void writeScenario(Map<String, Object> document) {
        try {
            ObjectMapper yaml =
                    new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
            String text = "# Resolved scenario of run " + run.runId() + " (from "
                    + manifest.provenance().scenarioFile()
                    + ", command-line overrides applied).\n"
                    + "# Repeat the run: ./ipcmark run " + run.file(RunDirectory.SCENARIO) + "\n"
                    + yaml.writeValueAsString(document);
            RunDirectory.writeAtomically(run.file(RunDirectory.SCENARIO), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of {@code name} in the run directory, for messages. */
    public Path file(String name) {
        return run.file(name);
    }
}
