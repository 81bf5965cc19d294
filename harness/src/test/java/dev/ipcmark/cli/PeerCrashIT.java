package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.transport.Leftovers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A peer killed with SIGKILL in the middle of a case fails that case, and only that case. */
@Timeout(300)
class PeerCrashIT {
    @TempDir
    Path scratch;

    @Test
    void shouldFailTheCaseWhosePeerWasKilledAndRunTheNext() throws Exception {
        var before = Leftovers.scan().stream().map(Leftovers.Found::name).collect(Collectors.toSet());
        Path scenario = scratch.resolve("crash.yaml");
        Files.writeString(scenario, """
                name: crash
                jmh: { forks: 1, warmup: { iterations: 1, time: 1s }, measurement: { iterations: 4, time: 1s } }
                cases:
                  - pattern: ping-pong
                    transports: [shm, unix-stream]
                    messageSizes: [64]
                """);
        Path results = scratch.resolve("results");
        Path output = scratch.resolve("out.txt");
        Process ipcmark = Ipcmark.start(output, "run", scenario.toString(), "--results-dir", results.toString());

        ProcessHandle peer = awaitPeer("ping-pong/shm/capacity=1/segment=posix/sync=spin/size=64");
        Thread.sleep(1500); // into the measurement, not the set-up
        peer.destroyForcibly(); // SIGKILL on Linux
        assertThat(ipcmark.waitFor(4, TimeUnit.MINUTES)).isTrue();

        String out = Files.readString(output);
        assertThat(ipcmark.exitValue()).as(out).isEqualTo(3);
        JsonNode cases = new ObjectMapper()
                .readTree(Ipcmark.onlyRun(results).resolve("run.json").toFile())
                .get("cases");
        assertThat(cases.get(0).get("key").asText())
                .isEqualTo("ping-pong/shm/capacity=1/segment=posix/sync=spin/size=64");
        assertThat(cases.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(cases.get(0).get("reason").asText())
                .contains("peer " + peer.pid() + " was killed by signal 9 (SIGKILL)");
        assertThat(cases.get(1).get("status").asText()).isEqualTo("ok");
        var after = Leftovers.scan().stream().map(Leftovers.Found::name).collect(Collectors.toSet());
        assertThat(after).isEqualTo(before);
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> peer = ProcessHandle.allProcesses()
                    .filter(p -> p.info()
                            .arguments()
                            .map(List::of)
                            .map(a -> a.contains("dev.ipcmark.peer.PeerMain") && a.contains(caseKey))
                            .orElse(false))
                    .findFirst();
            if (peer.isPresent()) {
                return peer.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no peer for " + caseKey + " appeared");
    }
}
