package dev.ipcmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.results.CopyVsMap;
import dev.ipcmark.results.ForkLevels;
import dev.ipcmark.results.ForkOverhead;
import dev.ipcmark.results.ProbeLevels;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.results.SteadyState;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One run directory as the report sees it: {@code run.json} (cases, environment), the resolved {@code scenario.yaml}
 * and, when the run has them, the rows of {@code copy-vs-map.csv}. Histograms are read from the cases' {@code .hlog}
 * files when a chart needs them.
 *
 * @param dir the run directory
 * @param runId its id
 * @param provenance where, when and from what it was made
 * @param state finished, running or interrupted
 * @param environment the machine's fingerprint, as recorded
 * @param scenarioYaml the resolved scenario, as written
 * @param cases every case, in run order
 * @param verdicts the copy-vs-map verdict sentences (empty when the run has none)
 * @param copyVsMap the rows of copy-vs-map.csv, by column name (empty when the run has none)
 * @param crossovers where mapping starts to win for a single transfer, as the run worked it out (empty when nowhere)
 * @param ladder the copy ladder's sentences, one per size (empty when the run has none)
 * @param ladderRows the rows of copy-ladder.csv, by column name (empty when the run has none)
 * @param gate the verdicts of its comparison with a baseline ({@value #GATE_FILE}, written by {@code run --baseline}),
 *     or a missing node when it was not compared
 * @param forkOverhead what each fork cost beyond its warm-up and measurement, when its cases ran
 * @param unsettled the cases that had not reached a steady state when their measurement began
 * @param forkLevels the cases whose forks each settled at their own level
 * @param probeLevels the calibration probes whose rounds fell into levels far apart (none in runs without probes)
 */
public record RunData(
        Path dir,
        String runId,
        Provenance provenance,
        String state,
        JsonNode environment,
        String scenarioYaml,
        List<CaseRow> cases,
        List<String> verdicts,
        List<Map<String, String>> copyVsMap,
        List<CopyVsMap.Crossover> crossovers,
        List<String> ladder,
        List<Map<String, String>> ladderRows,
        JsonNode gate,
        Optional<ForkOverhead> forkOverhead,
        List<SteadyState> unsettled,
        List<ForkLevels> forkLevels,
        List<ProbeLevels> probeLevels) {

    /** The file in a run directory that holds its comparison with a baseline, as {@code ipcmark compare --json}. */
    public static final String GATE_FILE = RunDirectory.GATE;

    /** Reads {@code dir}; throws {@link ReportException} naming the file when it is missing or malformed. */
    public static RunData read(Path dir) {
        Path manifest = dir.resolve(RunDirectory.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new ReportException(dir + " is not a run directory: it has no run.json");
        }
        RunRecord record;
        try {
            record = RunRecord.read(dir);
        } catch (IOException e) {
            throw new ReportException(manifest + " is not a valid ipcmark run.json: " + e.getMessage());
        }
        if (!RunDirectory.validId(record.runId())) {
            // The id names the report's directory: a "../" in it would write outside reports/.
            throw new ReportException(
                    manifest + ": runId '" + record.runId() + "' is not a run id (" + RunDirectory.ID_RULE + ")");
        }
        List<CaseRow> cases =
                record.cases().stream().map(c -> CaseRow.of(c, dir)).toList();
        RunRecord.CopyVsMapRecord analysis = record.copyVsMap();
        return new RunData(
                dir,
                record.runId(),
                Provenance.of(record),
                record.state() == null ? "unknown" : record.state(),
                RunRecord.tree(record.environment() == null ? java.util.Map.of() : record.environment()),
                readOrEmpty(dir.resolve(RunDirectory.SCENARIO)),
                cases,
                analysis == null ? List.of() : List.copyOf(analysis.verdict()),
                csv(dir.resolve(RunDirectory.COPY_VS_MAP)),
                analysis == null ? List.of() : List.copyOf(analysis.crossovers()),
                analysis == null || analysis.ladder() == null ? List.of() : List.copyOf(analysis.ladder()),
                csv(dir.resolve(RunDirectory.COPY_LADDER)),
                json(dir.resolve(RunDirectory.GATE)),
                ForkOverhead.of(record),
                SteadyState.of(record),
                ForkLevels.of(record),
                record.calibration() == null ? List.of() : ProbeLevels.of(record.calibration()));
    }

    private static JsonNode json(Path file) {
        if (!Files.isRegularFile(file)) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * What ipcmark itself costs per timed operation, in ns, and how much of that is inside every recorded latency, when
     * the run measured it ({@code selfOverheadNs} in its environment).
     */
    public Optional<double[]> selfOverheadNs() {
        JsonNode v = environment.path("selfOverheadNs");
        return v.path("perOperation").isNumber() && v.path("latencyFloor").isNumber()
                ? Optional.of(new double[] {
                    v.get("perOperation").asDouble(), v.get("latencyFloor").asDouble()
                })
                : Optional.empty();
    }

    /** The machine's memcpy bandwidth for a 1 MiB block in MB/s, when the run measured it. */
    public Optional<Double> memcpyMegabytesPerSecond() {
        JsonNode v = environment.path("memcpyMBps").path("1MiB");
        return v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Map<String, String>> csv(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (Reader in = Files.newBufferedReader(file)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                rows.add(new LinkedHashMap<>(r.toMap()));
            }
            return List.copyOf(rows);
        } catch (IOException | IllegalArgumentException e) {
            throw new ReportException(file + " is not a valid copy-vs-map CSV: " + e.getMessage());
        }
    }
}
