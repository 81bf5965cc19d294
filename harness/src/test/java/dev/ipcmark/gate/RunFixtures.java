package dev.ipcmark.gate;

import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.results.Calibration;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.results.Costs;
import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.results.Provenance;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunManifest;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.ForkOrder;
import dev.ipcmark.scenario.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Run directories written by tests through the real writer ({@link RunManifest} and its {@code RunRecord}): chosen
 * cases with per-fork samples, and calibration probes, as {@code ipcmark run} writes them.
 */
public final class RunFixtures {
    private final String runId;
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final Map<String, Object> scenario = new LinkedHashMap<>();
    private final List<CaseResult> cases = new ArrayList<>();
    private final List<Calibration.Probe> probes = new ArrayList<>();
    private String state = "finished";
    private String startedAt = "2026-11-29T10:00:00Z";
    private final Map<String, Object> git = new LinkedHashMap<>();
    private int forks = 4;
    private int iterations = 5;
    private ThreadUsage usage;

    private RunFixtures(String runId) {
        this.runId = runId;
        environment.put("kernel", "Linux 6.1.0-13-amd64");
        environment.put("arch", "amd64");
        environment.put("cpuModel", "Test CPU");
        environment.put("cpus", 2);
        environment.put("memTotal", "24000000 kB");
        environment.put("jvm", "OpenJDK 64-Bit Server VM 25.0.3+9-LTS");
        scenario.put("name", "fixture");
        scenario.put("jmh", Map.of("forks", 4));
        scenario.put("gate", Map.of("p50", "10%", "p99", "25%", "throughput", "10%"));
    }

    /** A finished run named {@code runId} on the default test machine. */
    public static RunFixtures run(String runId) {
        return new RunFixtures(runId);
    }

    /** Sets an environment field. */
    public RunFixtures env(String key, Object value) {
        environment.put(key, value);
        return this;
    }

    /** Sets the run's state. */
    public RunFixtures state(String value) {
        state = value;
        return this;
    }

    /** Sets a scenario field (e.g. {@code gate}, {@code inject}). */
    public RunFixtures scenario(String key, Object value) {
        scenario.put(key, value);
        return this;
    }

    /** Sets when the run started (ISO-8601). */
    public RunFixtures startedAt(String value) {
        startedAt = value;
        return this;
    }

    /** Sets the commit and branch ipcmark was built from. */
    public RunFixtures git(String commit, String branch) {
        git.put("commit", commit);
        git.put("branch", branch);
        git.put("dirty", false);
        return this;
    }

    /**
     * Sets what the measuring thread of later cases spent, in all their operations (a billion, as if one per ns), as
     * {@code ipcmark run} records it under {@code costsPerOperation}; without it a case records no costs.
     */
    public RunFixtures usage(ThreadUsage value) {
        usage = value;
        return this;
    }

    /** Sets how many forks and iterations the noisy samples of later cases have. */
    public RunFixtures shape(int forkCount, int iterationCount) {
        forks = forkCount;
        iterations = iterationCount;
        return this;
    }

    /** A case that ran, with p50 and p99 samples around {@code p50Ns} and {@code 3 × p50Ns}. */
    public RunFixtures ok(String key, double p50Ns, double noise, long seed) {
        return add(key, samples(noisy(p50Ns, noise, seed), noisy(3 * p50Ns, noise, seed + 1), List.of(), List.of()));
    }

    /**
     * A case whose forks met the kernel-entry levels {@code probeNs} (one per fork, the probe within ± 1 ns of it):
     * each fork's p50 around {@code p50Ns} plus {@code slope} ns per ns of probe above 200 ns, its p99 three times
     * that, each value off by up to ± {@code noise}.
     */
    public RunFixtures spelled(String key, double p50Ns, double slope, double[] probeNs, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Double>> p50 = new ArrayList<>();
        List<List<Double>> probe = new ArrayList<>();
        for (double level : probeNs) {
            List<Double> values = new ArrayList<>();
            List<Double> probes = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                values.add((p50Ns + slope * (level - 200)) * (1 + noise * (2 * random.nextDouble() - 1)));
                probes.add(level + 2 * random.nextDouble() - 1);
            }
            p50.add(values);
            probe.add(probes);
        }
        CaseResult.Samples made = samples(
                p50, p50.stream().map(f -> f.stream().map(v -> 3 * v).toList()).toList(), List.of(), List.of());
        return add(key, new CaseResult.Samples(made.byMetric(), made.meanNs(), probe, List.of()));
    }

    /** A case that ran with throughput samples around {@code messagesPerSecond}, besides its latencies. */
    public RunFixtures stream(String key, double p50Ns, double messagesPerSecond, double noise, long seed) {
        return add(
                key,
                samples(
                        noisy(p50Ns, noise, seed),
                        noisy(3 * p50Ns, noise, seed + 1),
                        noisy(messagesPerSecond, noise, seed + 2),
                        List.of()));
    }

    /** A case that ran with every gated metric its pattern records, each around {@code centre.applyAsDouble(m)}. */
    public RunFixtures measured(
            String key, java.util.function.ToDoubleFunction<Metric> centre, double noise, long seed) {
        java.util.SequencedMap<Metric, List<List<Double>>> byMetric = new java.util.LinkedHashMap<>();
        long s = seed;
        for (Metric m : Metric.values()) {
            if (m.appliesTo(CaseSpec.parse(key).pattern())) {
                byMetric.put(m, noisy(centre.applyAsDouble(m), noise, s++));
            }
        }
        return add(key, new CaseResult.Samples(byMetric, List.of()));
    }

    /** A case that ran, with exactly these p50 samples (and p99 three times them). */
    public RunFixtures exact(String key, List<List<Double>> p50) {
        return add(
                key,
                samples(
                        p50,
                        p50.stream()
                                .map(f -> f.stream().map(v -> 3 * v).toList())
                                .toList(),
                        List.of(),
                        List.of()));
    }

    /** A case with {@code status} (failed, skipped) and {@code reason}. */
    public RunFixtures notRun(String key, String status, String reason) {
        CaseSpec spec = CaseSpec.parse(key);
        cases.add(status.equals("failed") ? CaseResult.failed(spec, reason, 1) : CaseResult.skipped(spec, reason));
        return this;
    }

    /** Calibration probes: ten rounds of each around its value, off by up to ± {@code noise}. */
    public RunFixtures probes(double nullNs, double futexNs, double cacheNs, double memcpyNs, double noise, long seed) {
        double[] centres = {nullNs, futexNs, cacheNs, memcpyNs};
        String[] ids = {"null-syscall", "futex-wake", "cache-line", "memcpy-1MiB"};
        SplittableRandom random = new SplittableRandom(seed);
        for (int p = 0; p < ids.length; p++) {
            List<Double> rounds = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                rounds.add(centres[p] * (1 + noise * (2 * random.nextDouble() - 1)));
            }
            probes.add(new Calibration.Probe(ids[p], ids[p], rounds));
        }
        return this;
    }

    /** Replaces one calibration probe's rounds with {@code rounds} (after {@link #probes}). */
    public RunFixtures probeRounds(String id, double... rounds) {
        probes.removeIf(p -> p.id().equals(id));
        probes.add(new Calibration.Probe(
                id, id, java.util.Arrays.stream(rounds).boxed().toList()));
        return this;
    }

    private RunFixtures add(String key, CaseResult.Samples samples) {
        CaseSpec spec = CaseSpec.parse(key);
        double p50 = samples.of(Metric.P50).stream()
                .flatMap(List::stream)
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(1);
        LatencyStats latency = new LatencyStats(
                100,
                Math.round(p50),
                Math.round(p50),
                Math.round(3 * p50),
                Math.round(3 * p50),
                Math.round(3 * p50),
                Math.round(4 * p50),
                p50);
        CaseResult result = CaseResult.ok(spec, latency, new CaseResult.JmhScore(p50, Double.NaN, "ns/op"), 1)
                .withSamples(samples)
                .withForks(samples.of(Metric.P50).size());
        cases.add(usage == null ? result : result.withCosts(new Costs(1_000_000_000L, usage, usage)));
        return this;
    }

    /** Samples of p50, p99, rates (empty for a latency pattern) and means, each by fork. */
    public static CaseResult.Samples samples(
            List<List<Double>> p50,
            List<List<Double>> p99,
            List<List<Double>> messagesPerSecond,
            List<List<Double>> meanNs) {
        java.util.SequencedMap<Metric, List<List<Double>>> byMetric = new java.util.LinkedHashMap<>();
        byMetric.put(Metric.P50, p50);
        byMetric.put(Metric.P99, p99);
        if (!messagesPerSecond.isEmpty()) {
            byMetric.put(Metric.THROUGHPUT, messagesPerSecond);
        }
        return new CaseResult.Samples(byMetric, meanNs);
    }

    /** {@code forks} forks of {@code iterations} iterations around {@code centre}, each off by up to ± {@code noise}. */
    List<List<Double>> noisy(double centre, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Double>> all = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                values.add(centre * (1 + noise * (2 * random.nextDouble() - 1)));
            }
            all.add(values);
        }
        return all;
    }

    /** Writes {@code parent/runId/run.json} with the real writer and returns the run directory. */
    public Path write(Path parent) {
        RunManifest manifest = new RunManifest(
                runId,
                new Provenance(
                        startedAt, 1, "ipcmark run fixture.yaml", "fixture.yaml", "ab", Map.of("ipcmark", "test"), git),
                scenario,
                environment,
                ForkOrder.RMIT,
                42);
        try {
            Path dir = Files.createDirectories(parent.resolve(runId));
            String finishedAt = state.equals("running") ? null : "2026-11-29T10:01:00Z";
            Files.writeString(
                    dir.resolve(RunDirectory.MANIFEST),
                    manifest.record(cases, state, finishedAt, null, new Calibration(probes))
                            .toJson());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the run and reads it back as a comparison sees it. */
    public RunSamples read(Path parent) {
        return RunSamples.read(write(parent));
    }

    /** Writes the run and reads it back as a one-run baseline. */
    public Baseline baseline(Path parent) {
        return Baseline.read(write(parent));
    }
}
