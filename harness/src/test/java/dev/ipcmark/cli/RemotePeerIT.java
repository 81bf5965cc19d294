package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.transport.LeftoverCheck;
import dev.ipcmark.transport.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * network: remote as a user runs it: {@code ./ipcmark run --peer-host} against a real sshd of the test's own, inside a
 * network namespace reached over a veth pair where one can be made (see {@link PrivateSshd}), the peers started over
 * ssh with their control link on the session and the peer token on its first line; the peer host described in
 * run.json; nothing left on either side.
 */
@Timeout(300)
@ResourceLock(TestResources.IPCMARK_RUNS)
// The namespace is registered in this JVM's Leftovers while sshd starts.
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class RemotePeerIT {
    @TempDir
    Path scratch;

    @Test
    void shouldRunTcpAndUdpWithThePeerStartedOverSshAndDescribeThePeerHost() throws Exception {
        Path scenario = Files.writeString(scratch.resolve("remote.yaml"), """
                name: remote-it
                jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 2, time: 150ms } }
                cases:
                  - pattern: ping-pong
                    transports: [tcp, udp]
                    messageSizes: [64]
                    knobs: { network: remote }
                  - pattern: stream
                    transports: [tcp]
                    messageSizes: [4KiB]
                    knobs: { network: remote }
                """);
        Set<String> abandonedBefore = LeftoverCheck.abandoned();
        try (PrivateSshd sshd = PrivateSshd.start()) {
            Path results = scratch.resolve("results");
            List<String> args = new ArrayList<>(List.of(
                    "run",
                    scenario.toString(),
                    "--results-dir",
                    results.toString(),
                    "--peer-host",
                    PrivateSshd.HOST,
                    "--peer-ssh-config",
                    sshd.sshConfig().toString(),
                    // The login's PATH may find an older java first (this machine's default is 17).
                    "--peer-java",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            Ipcmark.Outcome outcome = Ipcmark.run(scratch, args.toArray(String[]::new));
            assertThat(outcome.status())
                    .as("sshd %s: %s", sshd.where(), outcome.out())
                    .isZero();
            JsonNode run = new ObjectMapper()
                    .readTree(Ipcmark.onlyRun(results).resolve("run.json").toFile());
            assertThat(run.get("counts").get("ok").asInt()).as(outcome.out()).isEqualTo(3);
            List<String> keys = new ArrayList<>();
            run.get("cases").forEach(c -> keys.add(c.get("key").asText()));
            assertThat(keys).filteredOn(k -> k.contains("network=remote")).hasSize(3);
            JsonNode host = run.get("environment").get("peerHost");
            assertThat(host.get("host").asText()).isEqualTo(PrivateSshd.HOST);
            assertThat(host.get("kernel").asText()).startsWith("Linux");
            assertThat(host.get("javaVersion").asText()).contains("version");
        }
        assertThat(LeftoverCheck.abandoned()).isSubsetOf(abandonedBefore);
    }

    @Test
    void shouldSkipRemoteCasesWithTheReasonWhenNoPeerHostIsGiven() throws Exception {
        Path scenario = Files.writeString(scratch.resolve("remote.yaml"), """
                name: remote-missing
                cases:
                  - pattern: ping-pong
                    transports: [tcp]
                    messageSizes: [64]
                    knobs: { network: remote }
                """);
        Ipcmark.Outcome outcome = Ipcmark.run(scratch, "run", scenario.toString(), "--dry-run");
        assertThat(outcome.status()).as(outcome.out()).isZero();
        assertThat(outcome.out()).contains("skipped").contains("--peer-host");
        Ipcmark.Outcome refused = Ipcmark.run(scratch, "run", scenario.toString(), "--peer-host", "-oProxyCommand=x");
        assertThat(refused.status()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).contains("--peer-host").contains("[user@]host");
    }
}
