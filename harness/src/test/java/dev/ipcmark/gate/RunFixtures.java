package dev.ipcmark.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Run directories written by tests: a run.json with chosen cases and per-fork samples, as {@code ipcmark run} writes. */
public final class RunFixtures {
    private final String runId;
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final Map<String, Object> scenario = new LinkedHashMap<>();
    private final List<Map<String, Object>> cases = new ArrayList<>();
    private String state = "finished";

    private RunFixtures(String runId) {
        this.runId = runId;
        environment.put("kernel", "Linux 6.1");
        environment.put("arch", "amd64");
        environment.put("cpuModel", "Test CPU");
        environment.put("cpus", 2);
        environment.put("memTotal", "24 GB");
        environment.put("jvm", "OpenJDK 25");
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

    /** A case that ran, with p50 and p99 samples around {@code p50Ns} and {@code 3 × p50Ns}. */
    public RunFixtures ok(String key, double p50Ns, double noise, long seed) {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("p50Ns", noisy(p50Ns, noise, seed));
        samples.put("p99Ns", noisy(3 * p50Ns, noise, seed + 1));
        return add(key, "ok", "", samples);
    }

    /** A case that ran with throughput samples around {@code messagesPerSecond}, besides its latencies. */
    public RunFixtures stream(String key, double p50Ns, double messagesPerSecond, double noise, long seed) {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("p50Ns", noisy(p50Ns, noise, seed));
        samples.put("p99Ns", noisy(3 * p50Ns, noise, seed + 1));
        samples.put("messagesPerSecond", noisy(messagesPerSecond, noise, seed + 2));
        return add(key, "ok", "", samples);
    }

    /** A case that ran, with exactly these p50 samples (and p99 three times them). */
    public RunFixtures exact(String key, List<List<Double>> p50) {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("p50Ns", p50);
        samples.put(
                "p99Ns",
                p50.stream().map(f -> f.stream().map(v -> 3 * v).toList()).toList());
        return add(key, "ok", "", samples);
    }

    /** A case with {@code status} (failed, skipped) and {@code reason}. */
    public RunFixtures notRun(String key, String status, String reason) {
        return add(key, status, reason, null);
    }

    private RunFixtures add(String key, String status, String reason, Map<String, Object> samples) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("key", key);
        c.put("status", status);
        if (!reason.isEmpty()) {
            c.put("reason", reason);
        }
        if (samples != null) {
            c.put("samples", samples);
        }
        cases.add(c);
        return this;
    }

    /** Four forks of five iterations around {@code centre}, each value off by up to ± {@code noise} (a fraction). */
    static List<List<Double>> noisy(double centre, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Double>> forks = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<Double> iterations = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                iterations.add(centre * (1 + noise * (2 * random.nextDouble() - 1)));
            }
            forks.add(iterations);
        }
        return forks;
    }

    /** Writes {@code parent/runId/run.json} and returns the run directory. */
    public Path write(Path parent) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("runId", runId);
        doc.put("state", state);
        doc.put("scenario", scenario);
        doc.put("environment", environment);
        doc.put("cases", cases);
        try {
            Path dir = Files.createDirectories(parent.resolve(runId));
            new ObjectMapper().writeValue(dir.resolve("run.json").toFile(), doc);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the run and reads it back as a comparison sees it. */
    public RunSamples read(Path parent) {
        return RunSamples.read(write(parent));
    }
}
