package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.LeftoverCheck;
import dev.ipcmark.transport.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Processes killed or stopped in the middle of a case fail that case, and only that case. */
@Timeout(300)
@ResourceLock(TestResources.IPCMARK_RUNS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class PeerCrashIT {
    @TempDir
    Path scratch;

    /**
     * The fault test: a peer and a benchmark JVM are SIGKILLed at seeded random points of their cases; each killed
     * case fails saying which process was killed by which signal, the other cases run, and nothing of ipcmark's is
     * left behind, even before {@code clean}: no kernel object, no file, not even the JVM's performance-data file.
     */
    @Test
    void shouldFailOnlyTheKilledCasesWithTheSignalAndLeaveNothing() throws Exception {
        long seed = Long.getLong("ipcmark.faultSeed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        var before = LeftoverCheck.abandoned();
        Path scenario = scratch.resolve("faults.yaml");
        Files.writeString(scenario, """
                name: faults
                jmh: { forks: 1, warmup: { iterations: 1, time: 500ms }, measurement: { iterations: 4, time: 500ms } }
                cases:
                  - pattern: ping-pong
                    transports: [shm, unix-stream, sysv-mq, pipe]
                    messageSizes: [64]
                """);
        String shm = "ping-pong/shm/capacity=1/segment=posix/sync=spin/size=64";
        String sysv = "ping-pong/sysv-mq/mode=blocking/msg-type=1/qbytes=default/receive=any/split=no/size=64";
        Path results = scratch.resolve("results");
        Path output = scratch.resolve("out.txt");
        Process ipcmark = Ipcmark.start(output, "run", scenario.toString(), "--results-dir", results.toString());

        ProcessHandle peer = await(args -> args.contains("dev.ipcmark.peer.PeerMain") && args.contains(shm));
        Thread.sleep(100 + random.nextInt(2000));
        peer.destroyForcibly(); // SIGKILL on Linux
        String sysvFile = CaseSpec.parse(sysv).fileName();
        ProcessHandle fork = await(args -> args.contains("org.openjdk.jmh.runner.ForkedMain")
                && args.stream().anyMatch(a -> a.endsWith("/" + sysvFile)));
        Thread.sleep(100 + random.nextInt(2000));
        fork.destroyForcibly();
        assertThat(ipcmark.waitFor(4, TimeUnit.MINUTES)).isTrue();

        String out = Files.readString(output);
        String what = "seed " + seed + ":\n" + out;
        assertThat(ipcmark.exitValue()).as(what).isEqualTo(3);
        JsonNode cases = new ObjectMapper()
                .readTree(Ipcmark.onlyRun(results).resolve("run.json").toFile())
                .get("cases");
        assertThat(cases.get(0).get("key").asText()).isEqualTo(shm);
        assertThat(cases.get(0).get("status").asText()).as(what).isEqualTo("failed");
        assertThat(cases.get(0).get("reason").asText())
                .as(what)
                .contains("peer " + peer.pid() + " was killed by signal 9 (SIGKILL)");
        assertThat(cases.get(2).get("key").asText()).isEqualTo(sysv);
        assertThat(cases.get(2).get("status").asText()).as(what).isEqualTo("failed");
        assertThat(cases.get(2).get("reason").asText())
                .as(what)
                .contains("the benchmark JVM (JMH's fork) was killed by signal 9 (SIGKILL)");
        assertThat(cases.get(1).get("status").asText()).as(what).isEqualTo("ok");
        assertThat(cases.get(3).get("status").asText()).as(what).isEqualTo("ok");
        var after = LeftoverCheck.abandoned();
        assertThat(after).as(what).isSubsetOf(before);
        // HotSpot's performance-data file, which it keeps in /tmp whatever TMPDIR says and a killed JVM leaves.
        Path perfData = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"));
        assertThat(perfData.resolve(Long.toString(peer.pid()))).doesNotExist();
        assertThat(perfData.resolve(Long.toString(fork.pid()))).doesNotExist();
        assertThat(Ipcmark.run(scratch, "clean").status()).isZero();
        assertThat(LeftoverCheck.abandoned()).isSubsetOf(before);
    }

    @Test
    void shouldFailTheCaseWhosePeerHangsAfterTheStallTimeout() throws Exception {
        Path scenario = scratch.resolve("hang.yaml");
        Files.writeString(scenario, """
                name: hang
                jmh: { forks: 1, warmup: { iterations: 1, time: 1s }, measurement: { iterations: 3, time: 1s }, timeout: 2s }
                cases:
                  - pattern: ping-pong
                    transports: [fifo]
                    messageSizes: [64]
                """);
        Path results = scratch.resolve("results");
        Process ipcmark = Ipcmark.start(
                scratch.resolve("out.txt"), "run", scenario.toString(), "--results-dir", results.toString());
        ProcessHandle peer = awaitPeer("ping-pong/fifo/mode=blocking/pipe-size=default/size=64");
        Thread.sleep(1500);
        assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(peer.pid()))
                        .start()
                        .waitFor())
                .isZero();
        assertThat(ipcmark.waitFor(4, TimeUnit.MINUTES)).isTrue();
        JsonNode only = new ObjectMapper()
                .readTree(Ipcmark.onlyRun(results).resolve("run.json").toFile())
                .get("cases")
                .get(0);
        assertThat(only.get("status").asText()).isEqualTo("failed");
        assertThat(only.get("reason").asText()).contains("no operation completed for 2000 ms; the peer looks hung");
        assertThat(peer.onExit().get(30, TimeUnit.SECONDS).isAlive())
                .as("the hung peer is killed")
                .isFalse();
    }

    private static ProcessHandle awaitPeer(String caseKey) throws InterruptedException {
        return await(args -> args.contains("dev.ipcmark.peer.PeerMain") && args.contains(caseKey));
    }

    private static ProcessHandle await(Predicate<List<String>> arguments) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = ProcessHandle.allProcesses()
                    .filter(p -> p.info()
                            .arguments()
                            .map(List::of)
                            .map(arguments::test)
                            .orElse(false))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such process appeared");
    }
}
