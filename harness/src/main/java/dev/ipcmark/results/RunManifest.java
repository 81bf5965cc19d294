package dev.ipcmark.results;

import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.ForkOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run's {@code run.json} is made from, and how: the provenance and environment fixed when it starts, and the
 * cases as they finish. Rewritten (atomically) after every case, so it always describes every finished case.
 *
 * @param runId the run id
 * @param provenance scenario source and hash, versions, git commit, start time, command line and writer PID
 * @param scenario the resolved scenario, as a scenario document
 * @param environment the environment fingerprint
 * @param order the order the forks run in
 * @param seed the seed of the random order
 */
public record RunManifest(
        String runId,
        Provenance provenance,
        Map<String, Object> scenario,
        Map<String, Object> environment,
        ForkOrder order,
        long seed) {

    /** The copy-vs-map analysis's file in the run directory. */
    public static final String COPY_VS_MAP_FILE = "copy-vs-map.csv";
    /** The copy ladder's CSV, when the run has transfers on two rungs of one size. */
    public static final String COPY_LADDER_FILE = "copy-ladder.csv";

    /**
     * The record of this run with {@code results}, its state ({@code running}, {@code finished}, {@code interrupted}
     * or {@code failed}, with {@code reason} saying why; null otherwise) and what the calibration probes measured.
     */
    public RunRecord record(
            List<CaseResult> results, String state, String finishedAt, String reason, Calibration calibration) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CaseResult.Status s : CaseResult.Status.values()) {
            counts.put(s.id(), results.stream().filter(r -> r.status() == s).count());
        }
        List<RunRecord.CaseRecord> cases =
                results.stream().map(RunManifest::caseRecord).toList();
        Optional<CopyVsMap> copyVsMap = CopyVsMap.of(results);
        Optional<CopyLadder> ladder = CopyLadder.of(results);
        RunRecord.CopyVsMapRecord analysis = copyVsMap.isEmpty() && ladder.isEmpty()
                ? null
                : new RunRecord.CopyVsMapRecord(
                        copyVsMap.map(a -> COPY_VS_MAP_FILE).orElse(null),
                        copyVsMap.map(CopyVsMap::verdicts).orElse(List.of()),
                        copyVsMap.map(CopyVsMap::crossovers).orElse(List.of()),
                        ladder.map(l -> COPY_LADDER_FILE).orElse(null),
                        ladder.map(l -> l.verdicts().stream()
                                        .map(CopyLadder.Verdict::sentence)
                                        .toList())
                                .orElse(List.of()));
        return new RunRecord(
                RunRecord.FORMAT_VERSION,
                runId,
                state,
                reason,
                provenance.startedAt(),
                provenance.pid(),
                provenance.command(),
                provenance.scenarioFile(),
                provenance.scenarioSha256(),
                provenance.versions(),
                provenance.git(),
                finishedAt,
                order.id(),
                order == ForkOrder.RMIT ? seed : null,
                scenario,
                environment,
                calibration == null || calibration.probes().isEmpty() ? null : calibration,
                counts,
                cases,
                analysis);
    }

    /** The JSON text of {@link #record}. */
    public String render(List<CaseResult> results, String state, String finishedAt, String reason) {
        return record(results, state, finishedAt, reason, null).toJson();
    }

    private static RunRecord.CaseRecord caseRecord(CaseResult r) {
        boolean ran = r.latency() != null;
        String file = r.spec().fileName();
        Map<String, String> files = null;
        if (ran) {
            files = new LinkedHashMap<>();
            files.put("jmh", "jmh/" + file + ".json");
            files.put("hlog", "histograms/" + file + ".hlog");
            files.put("log", "logs/" + file + ".log");
        } else if (r.status() == CaseResult.Status.FAILED) {
            files = Map.of("log", "logs/" + file + ".log");
        }
        return new RunRecord.CaseRecord(
                r.spec().key(),
                r.spec().pattern().id(),
                r.spec().transport(),
                r.spec().messageBytes(),
                r.spec().knobs(),
                r.status().id(),
                r.reason().isEmpty() ? null : r.reason(),
                // Milliseconds: the case's cost beyond its measurement (ForkOverhead) is read back from it.
                Math.round(r.seconds() * 1000) / 1000.0,
                ran ? r.forks() : null,
                r.latency(),
                ran && !r.parts().isEmpty() ? r.parts() : null,
                ran ? r.throughput() : null,
                ran && r.costs() != null ? costs(r.costs()) : null,
                ran ? r.profiling() : null,
                ran && Double.isFinite(r.opsPerSecond()) ? Math.round(r.opsPerSecond()) : null,
                ran && r.samples() != null ? samples(r.samples()) : null,
                ran ? r.jmh() : null,
                files);
    }

    private static RunRecord.SamplesRecord samples(CaseResult.Samples samples) {
        Map<String, List<List<Double>>> series = new LinkedHashMap<>();
        samples.byMetric().forEach((metric, forks) -> {
            if (forks.stream().anyMatch(fork -> !fork.isEmpty())) {
                series.put(metric.samplesField(), forks);
            }
        });
        if (samples.meanNs().stream().anyMatch(fork -> !fork.isEmpty())) {
            series.put(RunRecord.SamplesRecord.MEAN_NS, samples.meanNs());
        }
        if (samples.kernelEntryNs().stream().anyMatch(fork -> !fork.isEmpty())) {
            series.put(RunRecord.SamplesRecord.KERNEL_ENTRY_NS, samples.kernelEntryNs());
        }
        if (!samples.cacheLineNs().isEmpty()) {
            series.put(RunRecord.SamplesRecord.CACHE_LINE_NS, samples.cacheLineNs());
        }
        return new RunRecord.SamplesRecord(series);
    }

    private static RunRecord.CostsRecord costs(Costs costs) {
        return new RunRecord.CostsRecord(
                costs.operations(),
                usage(costs, costs.self()),
                costs.peer() == null ? null : usage(costs, costs.peer()));
    }

    private static RunRecord.ThreadCosts usage(Costs costs, ThreadUsage u) {
        return new RunRecord.ThreadCosts(
                round(costs.perOperation(u.userNs())),
                round(costs.perOperation(u.systemNs())),
                round(costs.perOperation(u.voluntarySwitches())),
                round(costs.perOperation(u.involuntarySwitches())),
                round(costs.perOperation(u.minorFaults())),
                round(costs.perOperation(u.majorFaults())));
    }

    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }
}
