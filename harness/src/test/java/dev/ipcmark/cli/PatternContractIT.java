package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.bench.CaseBenchmark;
import dev.ipcmark.bench.PatternBenchmarks;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.results.RunSchemaTest;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.PeerRole;
import dev.ipcmark.transport.LeftoverCheck;
import dev.ipcmark.transport.TestResources;
import dev.ipcmark.transport.TransportKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The contract every pattern of the registry ({@link Pattern}) keeps, derived from the registry so that a new pattern
 * is covered without editing this test: one benchmark class measures it, a case of it runs through ipcmark between real
 * processes on a transport that supports it and is recorded under its own pattern (in a run.json the committed schema
 * accepts), and its benchmark refuses the key of another pattern.
 */
@Timeout(300)
@ResourceLock(TestResources.IPCMARK_RUNS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class PatternContractIT {
    private static final long SIZE = 4096;

    @TempDir
    Path scratch;

    @Test
    void shouldHaveExactlyOneBenchmarkClassForEveryPattern() {
        for (Pattern p : Pattern.values()) {
            List<Class<? extends CaseBenchmark>> classes = PatternBenchmarks.classes(p);
            assertThat(classes).as(p.id()).hasSize(1);
            assertThat(PatternBenchmarks.of(p)).isEqualTo(classes.getFirst());
        }
    }

    @Test
    void shouldRunEveryPatternOnATransportThatSupportsItAndRecordItUnderThatPattern() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                name: pattern-contract
                jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 2, time: 150ms } }
                cases:
                """);
        List<String> expected = new ArrayList<>();
        for (Pattern p : Pattern.values()) {
            String transport = firstSupporting(p);
            yaml.append("  - { pattern: ")
                    .append(p.id())
                    .append(", transports: [")
                    .append(transport)
                    .append("], messageSizes: [")
                    .append(SIZE)
                    .append("] }\n");
            expected.add(p.id() + "/" + transport);
        }
        Path scenario = scratch.resolve("patterns.yaml");
        Files.writeString(scenario, yaml);
        Path results = scratch.resolve("results");
        var before = LeftoverCheck.abandoned();
        Ipcmark.Outcome outcome =
                Ipcmark.run(scratch, "run", scenario.toString(), "--results-dir", results.toString(), "--verify");
        assertThat(outcome.status()).as(outcome.out()).isZero();
        Path runDir = Ipcmark.onlyRun(results);
        assertThat(RunSchemaTest.violations(Files.readString(runDir.resolve(RunDirectory.MANIFEST))))
                .as("run.json against schemas/run.schema.json")
                .isEmpty();
        RunRecord run = RunRecord.read(runDir);
        assertThat(run.cases()).hasSize(Pattern.values().length);
        for (int i = 0; i < expected.size(); i++) {
            RunRecord.CaseRecord c = run.cases().get(i);
            assertThat(c.status()).as(c.key() + ": " + c.reason()).isEqualTo("ok");
            assertThat(c.key()).startsWith(expected.get(i) + "/");
            assertThat(c.pattern() + "/" + c.transport()).isEqualTo(expected.get(i));
            assertThat(c.latencyNs().samples()).as(c.key()).isPositive();
        }
        assertThat(LeftoverCheck.abandoned()).isSubsetOf(before);
    }

    @Test
    void shouldRefuseACaseKeyOfAnotherPattern() throws Exception {
        for (Pattern p : List.of(Pattern.STREAM, Pattern.SETUP)) {
            Pattern other = p == Pattern.SETUP ? Pattern.PING_PONG : Pattern.SETUP;
            String key = CaseSpec.of(other, firstSupporting(other), 64).key();
            // Raw JMH, as a user may run one benchmark class by hand with a key of their own.
            Path output = scratch.resolve(p.id() + ".out");
            Process jmh = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "--enable-native-access=ALL-UNNAMED",
                            "-cp",
                            Ipcmark.JAR.toString(),
                            "org.openjdk.jmh.Main",
                            "^" + PatternBenchmarks.of(p).getName() + "\\.",
                            "-p",
                            "caseKey=" + key,
                            "-f",
                            "0",
                            "-wi",
                            "0",
                            "-i",
                            "1",
                            "-r",
                            "100ms")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(jmh.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(Files.readString(output, StandardCharsets.UTF_8))
                    .contains("case " + key + " is a " + other.id() + " case, but "
                            + PatternBenchmarks.of(p).getName() + " measures " + p.id());
        }
    }

    /** The first transport in registry order that can run a case of {@code p} here. */
    private static String firstSupporting(Pattern p) {
        for (TransportKind kind : TransportKind.values()) {
            if (TransportKind.support(CaseSpec.of(p, kind.id(), SIZE)).runs()) {
                return kind.id();
            }
        }
        throw new AssertionError("no transport runs " + p.id() + (p.peer() == PeerRole.NONE ? " (no peer)" : ""));
    }
}
