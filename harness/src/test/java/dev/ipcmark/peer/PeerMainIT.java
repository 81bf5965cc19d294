package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.Listener;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.TestResources;
import dev.ipcmark.transport.TransportKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The peer's argument contract is fixed: anything else is refused before it touches the kernel. */
@Timeout(60)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class PeerMainIT {
    @TempDir
    Path scratch;

    @Test
    void shouldRefuseArgumentsOutsideTheContract() throws Exception {
        Path err = scratch.resolve("err.txt");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PeerMain.class.getName(),
                        "--case",
                        "ping-pong/shm/size=64")
                .redirectErrorStream(true)
                .redirectOutput(err.toFile())
                .start();
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(Files.readString(err)).contains("usage: PeerMain --case CASE_KEY");
    }

    @Test
    void shouldExitWhenItsControlLinkCloses() throws Exception {
        CaseSpec spec = CaseSpec.of(Pattern.PING_PONG, "shm", 64);
        try (PrivateDir dir = PrivateDir.create();
                Listener listener = TransportKind.SHM.create().listen(spec, dir)) {
            Linked peer = startLinked(spec, listener.endpoint(), "-1", dir);
            var link = peer.reader();
            assertThat(link.readLine()).isEqualTo("HELLO " + peer.process().pid());
            // READY names the peer's working thread, whose costs ipcmark reads from /proc.
            String ready = link.readLine();
            assertThat(ready).matches("READY \\d+");
            assertThat(Path.of("/proc", Long.toString(peer.process().pid()), "task", ready.substring(6)))
                    .isDirectory();
            // The peer now spins in its echo loop; losing the benchmark process must end it.
            assertThat(peer.exitAfterClosingLink()).isZero();
        }
    }

    @Test
    void shouldTakeItsEndpointFromTheControlLinkWhenStartedBeforeIt() throws Exception {
        CaseSpec spec = CaseSpec.of(Pattern.PING_PONG, "unix-stream", 64);
        try (PrivateDir dir = PrivateDir.create()) {
            // Started before the endpoint exists, as a JMH fork starts its peer while it makes the endpoint.
            Linked peer = startLinked(spec, PeerMain.FROM_CONTROL, PeerMain.FROM_CONTROL, dir);
            var link = peer.reader();
            assertThat(link.readLine()).isEqualTo("HELLO " + peer.process().pid());
            try (Listener listener = TransportKind.UNIX_STREAM.create().listen(spec, dir)) {
                peer.write("ASSIGN -1 " + listener.endpoint());
                assertThat(link.readLine()).matches("READY \\d+");
                listener.accept().close();
            }
            assertThat(peer.exitAfterClosingLink()).isZero();
        }
    }

    @Test
    void shouldRefuseAnAssignmentOutsideTheContract() throws Exception {
        CaseSpec spec = CaseSpec.of(Pattern.PING_PONG, "unix-stream", 64);
        try (PrivateDir dir = PrivateDir.create()) {
            Linked peer = startLinked(spec, PeerMain.FROM_CONTROL, PeerMain.FROM_CONTROL, dir);
            peer.write("ASSIGN 99999 /nowhere");
            assertThat(peer.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.process().exitValue()).isEqualTo(2);
            assertThat(Files.readString(scratch.resolve("err.txt"))).contains("ASSIGN CPU|-1 ENDPOINT");
        }
    }

    /** A peer process and the control connection it made, as the benchmark process has them. */
    private record Linked(Process process, SocketChannel control) {
        BufferedReader reader() {
            return new BufferedReader(new InputStreamReader(Channels.newInputStream(control)));
        }

        /** Closes the control link as a vanished benchmark process would, and returns the peer's exit status. */
        int exitAfterClosingLink() throws Exception {
            control.close();
            assertThat(process.waitFor(20, TimeUnit.SECONDS))
                    .as("the peer exits")
                    .isTrue();
            return process.exitValue();
        }

        void write(String frame) throws java.io.IOException {
            var out = Channels.newOutputStream(control);
            out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    // Starts a peer told to connect its control link to a socket in dir, and accepts that connection.
    private Linked startLinked(CaseSpec spec, String endpoint, String cpu, PrivateDir dir) throws Exception {
        Path controlPath = dir.resolve("control.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(controlPath));
            Process p = start(spec, endpoint, cpu, controlPath);
            return new Linked(p, server.accept());
        }
    }

    private Process start(CaseSpec spec, String endpoint, String cpu, Path control) throws java.io.IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PeerMain.class.getName(),
                        "--case",
                        spec.key(),
                        "--endpoint",
                        endpoint,
                        "--control",
                        control.toString(),
                        "--cpu",
                        cpu,
                        "--verify",
                        "false")
                .redirectError(scratch.resolve("err.txt").toFile())
                .start();
    }
}
