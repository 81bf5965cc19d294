package dev.ipcmark.bench;

import dev.ipcmark.peer.AotCaches;
import dev.ipcmark.peer.PeerCommand;
import dev.ipcmark.peer.RunFlags;
import dev.ipcmark.peer.StartupCompilation;
import dev.ipcmark.results.Calibration;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.ResultsException;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.CaseMatrix;
import dev.ipcmark.scenario.CaseMatrix.PlannedCase;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.JmhSettings;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.TempRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a scenario's cases through JMH, each fork in its own JVM with its own peer. With several forks and
 * {@link dev.ipcmark.scenario.ForkOrder#RMIT} (the default), round <em>r</em> runs fork <em>r</em> of every case that
 * has that many (a block may give its cases their own), in an order drawn afresh from a seeded random generator each
 * round; otherwise all forks of a case run in one JMH invocation before the next case. Between forks it takes rounds
 * of the {@linkplain CalibrationProbes calibration probes}. A case's files land in the run directory once its last
 * fork is done; a fork that fails fails its case (its later forks are not run) and the suite goes on. What a killed
 * fork left is removed at once.
 */
public final class SuiteRunner {
    /** Where the runner is. */
    public interface Progress {
        /**
         * A fork starts: fork {@code step} of {@code steps} in the whole run, in round {@code round} of {@code rounds};
         * {@code left} is an estimate of the time still needed.
         */
        void started(int step, int steps, int round, int rounds, CaseSpec spec, Duration elapsed, Duration left);

        /** A case is done (ran, failed or was skipped): its last fork ended, or it was skipped. */
        void finished(CaseResult result);
    }

    // JVM start-up, peer start-up and JMH bookkeeping per fork, for the first estimate before any fork has run.
    private static final Duration FORK_OVERHEAD = Duration.ofSeconds(1);
    // Forks between two rounds of the calibration probes.
    private static final int PROBE_EVERY = 4;

    private final JmhSettings jmh;
    private final RunDirectory run;
    private final RunFlags flags;
    private final long seed;
    private final Progress progress;
    private final BiConsumer<List<CaseResult>, Calibration> afterEachCase;
    private CalibrationProbes probes;
    /** Each case's cache-line probe before and after each of its forks, in the order they ran. */
    private final Map<CaseSpec, List<List<Double>>> cacheLineAround = new HashMap<>();

    /**
     * A runner measuring with {@code jmh}, writing into {@code run}, with {@code flags} for every fork and peer and
     * {@code seed} for the interleaved order; {@code afterEachCase} persists the results and probes so far.
     */
    public SuiteRunner(
            JmhSettings jmh,
            RunDirectory run,
            RunFlags flags,
            long seed,
            Progress progress,
            BiConsumer<List<CaseResult>, Calibration> afterEachCase) {
        this.jmh = jmh;
        this.run = run;
        this.flags = flags;
        this.seed = seed;
        this.progress = progress;
        this.afterEachCase = afterEachCase;
    }

    /** What the calibration probes measured so far (none before {@link #run}). */
    public Calibration calibration() {
        return probes == null ? new Calibration(List.of()) : probes.calibration();
    }

    /** Runs every case and returns their results in the cases' order. */
    public List<CaseResult> run(List<PlannedCase> cases) {
        Map<CaseSpec, CaseResult> done = new HashMap<>();
        List<PlannedCase> runnable = new ArrayList<>();
        for (PlannedCase c : cases) {
            if (c.skipReason().isPresent()) {
                done.put(c.spec(), CaseResult.skipped(c.spec(), c.skipReason().get()));
            } else {
                runnable.add(c);
            }
        }
        probes = new CalibrationProbes();
        probes.round();
        // Interleaved, round r runs fork r of every case that has that many (a block may give its cases more).
        boolean interleaved = CaseMatrix.interleaved(runnable, jmh);
        int rounds = interleaved ? CaseMatrix.mostForks(runnable, jmh) : 1;
        Clock clock = new Clock(
                runnable.stream()
                        .mapToInt(c -> interleaved ? c.jmh(jmh).forks() : 1)
                        .sum(),
                interleaved ? 1 : jmh.forks());
        Map<CaseSpec, Double> seconds = new HashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        int forksRun = 0;
        for (int round = 1; round <= rounds; round++) {
            List<PlannedCase> order = new ArrayList<>(runnable);
            if (interleaved) {
                shuffle(order, random);
            }
            for (PlannedCase c : order) {
                CaseSpec spec = c.spec();
                JmhSettings settings = c.jmh(jmh);
                int lastRound = interleaved ? settings.forks() : 1;
                if (round > lastRound) {
                    continue;
                }
                if (done.containsKey(spec)) {
                    clock.skip();
                    continue;
                }
                int forksPerStep = interleaved ? 1 : settings.forks();
                progress.started(clock.step(), clock.steps(), round, rounds, spec, clock.elapsed(), clock.left());
                // The machine's cache-line round trip right before and right after the forks: a spinning case's
                // round trip follows where the host put the two vCPUs, which changes on its own (CalibrationProbes).
                double before = probes.cacheLineNs();
                long start = System.nanoTime();
                String failure = runForks(spec, settings, forksPerStep, round);
                double took = (System.nanoTime() - start) / 1e9;
                List<Double> around = List.of(before, probes.cacheLineNs());
                List<List<Double>> aroundForks = cacheLineAround.computeIfAbsent(spec, k -> new ArrayList<>());
                for (int f = 0; f < forksPerStep; f++) {
                    aroundForks.add(around);
                }
                seconds.merge(spec, took, Double::sum);
                clock.tookSeconds(took);
                if (failure != null) {
                    run.removeScratch(spec.fileName());
                    finish(spec, CaseResult.failed(spec, failure, seconds.get(spec)), done, cases);
                } else if (round == lastRound) {
                    finish(spec, assemble(spec, seconds.get(spec)), done, cases);
                }
                if (++forksRun % PROBE_EVERY == 0) {
                    probes.round();
                }
            }
        }
        probes.round();
        return ordered(cases, done);
    }

    private void finish(CaseSpec spec, CaseResult result, Map<CaseSpec, CaseResult> done, List<PlannedCase> cases) {
        if (result.status() == CaseResult.Status.FAILED) {
            // A case that failed because its fork could not write is the machine's fault, as is every later one.
            run.checkSpace();
        }
        done.put(spec, result);
        afterEachCase.accept(ordered(cases, done), calibration());
        progress.finished(result);
    }

    private static List<CaseResult> ordered(List<PlannedCase> cases, Map<CaseSpec, CaseResult> done) {
        return cases.stream()
                .map(c -> done.get(c.spec()))
                .filter(r -> r != null)
                .toList();
    }

    /** Fisher–Yates with the run's seeded generator, so that the order of every round is in run.json's seed. */
    private static void shuffle(List<PlannedCase> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /**
     * Runs {@code forks} forks of {@code spec}, measured with {@code settings} (its block's warm-up in), as JMH
     * invocation {@code n} of the case; returns why it failed, or null.
     */
    private String runForks(CaseSpec spec, JmhSettings settings, int forks, int n) {
        String file = spec.fileName();
        Path scratch = run.scratch(file);
        try {
            List<RunResult> results = new ArrayList<>(new Runner(options(spec, settings, forks, scratch, n)).run());
            if (results.isEmpty()) {
                return failureReason(scratch, run.log(file), "JMH produced no result");
            }
            return null;
        } catch (RunnerException | RuntimeException e) {
            if (e instanceof ResultsException r) {
                throw r;
            }
            return failureReason(
                    scratch, run.log(file), "JMH failed: " + rootMessage(e) + " (see logs/" + file + ".log)");
        } finally {
            ForkScratch.forkPids(scratch).forEach(Leftovers::removeLeftOversOf);
        }
    }

    private CaseResult assemble(CaseSpec spec, double seconds) {
        String file = spec.fileName();
        try {
            return CaseAssembly.assemble(
                    spec, run.scratch(file), run, jmh, seconds, cacheLineAround.getOrDefault(spec, List.of()));
        } catch (ResultsException e) {
            throw e;
        } catch (RuntimeException e) {
            return CaseResult.failed(spec, "its forks' results could not be put together: " + rootMessage(e), seconds);
        } finally {
            run.removeScratch(file);
        }
    }

    private Options options(CaseSpec spec, JmhSettings settings, int forks, Path scratch, int n) {
        OptionsBuilder builder = new OptionsBuilder();
        Profilers.runnableByJmh(settings.profilers()).forEach(builder::addProfiler);
        List<String> jvmArgs = new ArrayList<>(PeerCommand.JVM_OPTIONS);
        jvmArgs.addAll(AotCaches.forkOptions());
        jvmArgs.addAll(StartupCompilation.OPTIONS);
        jvmArgs.add("-D" + ForkScratch.PROPERTY + "=" + scratch);
        if (Profilers.runnable(settings.profilers()).contains(FlameProfiler.NAME)) {
            jvmArgs.addAll(FlameProfiler.forkOptions(scratch));
        }
        jvmArgs.addAll(flags.jvmOptions());
        jvmArgs.addAll(TempRoot.jvmOptions());
        jvmArgs.addAll(ExtraJvmOptions.current());
        return builder.include("^"
                        + java.util.regex.Pattern.quote(
                                PatternBenchmarks.of(spec.pattern()).getName()) + "\\.")
                .param("caseKey", spec.key())
                .forks(forks)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                .measurementIterations(settings.measurementIterations())
                .measurementTime(
                        TimeValue.milliseconds(settings.measurementTime().toMillis()))
                .timeout(TimeValue.milliseconds(settings.timeout().toMillis()))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .output(run.log(spec.fileName()).toString())
                .result(CaseAssembly.jmhJson(scratch, n).toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
    }

    /**
     * Why a fork failed: its own account when it gave one, else how its JVM ended (JMH writes a fork's exit status
     * only to its log: a SIGKILLed fork would otherwise be just "Benchmark error"), else {@code fallback}.
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

    /** Steps, elapsed time and the estimate of what is left. */
    private final class Clock {
        private final int steps;
        private final long start = System.nanoTime();
        private int step;
        private int timed;
        private double timedSeconds;
        private final int forksPerStep;

        Clock(int steps, int forksPerStep) {
            this.steps = steps;
            this.forksPerStep = forksPerStep;
        }

        int step() {
            return step + 1;
        }

        int steps() {
            return steps;
        }

        void skip() {
            step++;
        }

        void tookSeconds(double seconds) {
            step++;
            timed++;
            timedSeconds += seconds;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        Duration left() {
            double perStep = timed > 0
                    ? timedSeconds / timed
                    : forksPerStep * (jmh.iterationTimePerFork().plus(FORK_OVERHEAD)).toMillis() / 1000.0;
            return Duration.ofMillis(Math.round(perStep * (steps - step) * 1000));
        }
    }
}
