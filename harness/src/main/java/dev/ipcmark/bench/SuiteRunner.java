package dev.ipcmark.bench;

import dev.ipcmark.peer.InjectedDelay;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.HistogramLogs;
import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.results.ResultsException;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.CaseMatrix.PlannedCase;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.JmhSettings;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.TempRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a scenario's cases one at a time through JMH (each in its own forked JVM with its own peer), and leaves each
 * case's JMH JSON, merged {@code .hlog} and log in the run directory as soon as the case is done. A case that fails
 * is recorded with its reason and the suite goes on.
 */
public final class SuiteRunner {
    /** What the runner reports while it works. */
    public interface Progress {
        /** Case {@code index} (1-based) of {@code total} starts; {@code left} is an estimate of the time still needed. */
        void started(int index, int total, CaseSpec spec, Duration elapsed, Duration left);

        /** A case is done (ran, failed or was skipped). */
        void finished(int index, int total, CaseResult result);
    }

    // JVM start-up, peer start-up and JMH bookkeeping per fork, for the first estimate before any case has run.
    private static final Duration FORK_OVERHEAD = Duration.ofSeconds(3);

    private final JmhSettings jmh;
    private final RunDirectory run;
    private final Progress progress;
    private final Consumer<List<CaseResult>> afterEachCase;
    private final boolean verify;
    private final Duration peerDelay;

    /**
     * A runner measuring with {@code jmh}, writing into {@code run}; {@code afterEachCase} persists the results so far;
     * {@code verify} makes both processes check every message's sequence number and checksum; {@code peerDelay}
     * (usually zero) is added by the peers to every message.
     */
    public SuiteRunner(
            JmhSettings jmh,
            RunDirectory run,
            boolean verify,
            Duration peerDelay,
            Progress progress,
            Consumer<List<CaseResult>> afterEachCase) {
        this.jmh = jmh;
        this.verify = verify;
        this.peerDelay = peerDelay;
        this.run = run;
        this.progress = progress;
        this.afterEachCase = afterEachCase;
    }

    /** Runs every case in order and returns their results, in the same order. */
    public List<CaseResult> run(List<PlannedCase> cases) {
        List<CaseResult> results = new ArrayList<>();
        long suiteStart = System.nanoTime();
        double ranSeconds = 0;
        int ran = 0;
        long runnableLeft = cases.stream().filter(c -> c.skipReason().isEmpty()).count();
        for (int i = 0; i < cases.size(); i++) {
            PlannedCase planned = cases.get(i);
            CaseResult result;
            if (planned.skipReason().isPresent()) {
                result = CaseResult.skipped(planned.spec(), planned.skipReason().get());
            } else {
                double perCase = ran > 0
                        ? ranSeconds / ran
                        : jmh.forks() * (jmh.iterationTimePerFork().plus(FORK_OVERHEAD)).toMillis() / 1000.0;
                progress.started(
                        i + 1,
                        cases.size(),
                        planned.spec(),
                        Duration.ofNanos(System.nanoTime() - suiteStart),
                        Duration.ofMillis(Math.round(perCase * runnableLeft * 1000)));
                result = runCase(planned.spec());
                if (result.status() == CaseResult.Status.FAILED) {
                    run.checkSpace();
                }
                ranSeconds += result.seconds();
                ran++;
                runnableLeft--;
            }
            results.add(result);
            afterEachCase.accept(List.copyOf(results));
            progress.finished(i + 1, cases.size(), result);
        }
        return results;
    }

    private CaseResult runCase(CaseSpec spec) {
        long start = System.nanoTime();
        String file = spec.fileName();
        Path scratch = run.scratch(file);
        Path json = scratch.resolve("jmh.json");
        try {
            Collection<RunResult> jmhResults = new Runner(options(spec, scratch, json)).run();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (jmhResults.isEmpty()) {
                return CaseResult.failed(
                        spec, failureReason(scratch, run.log(file), "JMH produced no result"), seconds);
            }
            List<Path> forkLogs = forkLogs(scratch);
            if (forkLogs.isEmpty()) {
                return CaseResult.failed(spec, "the benchmark wrote no histogram", seconds);
            }
            Path hlog = run.hlog(file);
            RunDirectory.writeAtomically(hlog, HistogramLogs.merge(forkLogs));
            LatencyStats latency = LatencyStats.of(HistogramLogs.total(hlog));
            if (latency.samples() == 0) {
                return CaseResult.failed(spec, "no operation completed during the measurement iterations", seconds);
            }
            RunDirectory.moveAtomically(json, run.jmhJson(file));
            Result<?> primary = jmhResults.iterator().next().getPrimaryResult();
            CaseResult result = CaseResult.ok(
                            spec,
                            latency,
                            new CaseResult.JmhScore(
                                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit()),
                            seconds)
                    .withParts(parts(hlog));
            if (!jmh.profilers().isEmpty()) {
                SequencedMap<String, Double> metrics = new LinkedHashMap<>();
                jmhResults.iterator().next().getSecondaryResults().forEach((label, r) -> {
                    if (!Double.isNaN(r.getScore())) {
                        // JMH marks profiler metrics with a leading middle dot.
                        metrics.put(label.replaceFirst("^\u00b7", ""), r.getScore());
                    }
                });
                result = result.withProfiling(new CaseResult.Profiling(metrics, Profilers.notes(jmh.profilers())));
            }
            List<ForkReport> forks = ForkReport.readAll(scratch);
            result = result.withSamples(samples(forkLogs, forks));
            Optional<ForkReport> report = ForkReport.sum(forks);
            if (report.isPresent()) {
                ForkReport r = report.get();
                result = result.withCosts(r.costs());
                if (r.measuredNs() > 0) {
                    result = result.withThroughput(new CaseResult.Throughput(
                            r.operations() * 1e9 / r.measuredNs(),
                            r.bytes() * 1e9 / r.measuredNs(),
                            r.producerRates()));
                }
            }
            return result;
        } catch (RunnerException | RuntimeException e) {
            if (e instanceof ResultsException r) {
                // The results directory itself failed: no later case could be kept either.
                throw r;
            }
            String fallback = "JMH failed: " + rootMessage(e) + " (see logs/" + file + ".log)";
            return CaseResult.failed(
                    spec, failureReason(scratch, run.log(file), fallback), (System.nanoTime() - start) / 1e9);
        } finally {
            ForkScratch.forkPids(scratch).forEach(Leftovers::removeLeftOversOf);
            run.removeScratch(file);
        }
    }

    private Options options(CaseSpec spec, Path scratch, Path json) {
        OptionsBuilder builder = new OptionsBuilder();
        Profilers.runnable(jmh.profilers()).forEach(builder::addProfiler);
        return builder.include("^"
                        + java.util.regex.Pattern.quote(
                                benchmarkClass(spec.pattern()).getName()) + "\\.")
                .param("caseKey", spec.key())
                .forks(jmh.forks())
                .warmupIterations(jmh.warmupIterations())
                .warmupTime(TimeValue.milliseconds(jmh.warmupTime().toMillis()))
                .measurementIterations(jmh.measurementIterations())
                .measurementTime(TimeValue.milliseconds(jmh.measurementTime().toMillis()))
                .timeout(TimeValue.milliseconds(jmh.timeout().toMillis()))
                .jvmArgsAppend(
                        "--enable-native-access=ALL-UNNAMED",
                        "-D" + ForkScratch.PROPERTY + "=" + scratch,
                        "-Dipcmark.verify=" + verify,
                        "-D" + InjectedDelay.PROPERTY + "=" + peerDelay.toNanos(),
                        "-D" + CaseBenchmark.STALL_PROPERTY + "="
                                + jmh.timeout().toMillis(),
                        TempRoot.jvmOptions().get(0),
                        TempRoot.jvmOptions().get(1))
                .shouldFailOnError(true)
                .output(run.log(spec.fileName()).toString())
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
    }

    /** The benchmark class that measures {@code pattern}. */
    static Class<?> benchmarkClass(Pattern pattern) {
        return switch (pattern) {
            case PING_PONG -> PingPongBenchmark.class;
            case STREAM -> StreamBenchmark.class;
            case FAN_IN -> FanInBenchmark.class;
            case RATE -> RateBenchmark.class;
            case SETUP -> SetupBenchmark.class;
            case TRANSFER -> TransferBenchmark.class;
        };
    }

    /** Each fork's per-iteration p50, p99 and rate: the raw numbers a comparison between runs tests. */
    private static CaseResult.Samples samples(List<Path> forkLogs, List<ForkReport> forks) {
        List<List<Double>> p50 = new ArrayList<>();
        List<List<Double>> p99 = new ArrayList<>();
        for (Path fork : forkLogs) {
            List<Histogram> intervals = HistogramLogs.intervals(fork);
            p50.add(intervals.stream()
                    .map(h -> (double) h.getValueAtPercentile(50))
                    .toList());
            p99.add(intervals.stream()
                    .map(h -> (double) h.getValueAtPercentile(99))
                    .toList());
        }
        List<List<Double>> rates = forks.stream()
                .map(f -> java.util.Arrays.stream(f.rates()).boxed().toList())
                .toList();
        return new CaseResult.Samples(p50, p99, rates);
    }

    private static SequencedMap<String, LatencyStats> parts(Path hlog) {
        SequencedMap<String, LatencyStats> parts = new LinkedHashMap<>();
        HistogramLogs.tagged(hlog).forEach((tag, h) -> parts.put(tag, LatencyStats.of(h)));
        return parts;
    }

    /**
     * Why a case failed: the fork's own account when it gave one, else how its JVM ended (JMH writes a fork's exit
     * status only to its log: a SIGKILLed fork would otherwise be just "Benchmark error"), else {@code fallback}.
     */
    private static String failureReason(Path scratch, Path log, String fallback) {
        Path file = scratch.resolve(ForkScratch.FAILURE_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
        } catch (IOException e) {
            // Fall through to what the log says.
        }
        return ForkExit.fromLog(log)
                .map(exit -> exit + " (see logs/" + log.getFileName() + ")")
                .orElse(fallback);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static List<Path> forkLogs(Path scratch) {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.filter(p -> p.getFileName().toString().endsWith(ForkScratch.HLOG_SUFFIX))
                    .sorted((a, b) -> Long.compare(modified(a), modified(b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
