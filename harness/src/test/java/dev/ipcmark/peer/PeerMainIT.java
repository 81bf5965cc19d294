package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The peer's argument contract is fixed: anything else is refused before it touches the kernel. */
@Timeout(60)
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
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PeerMain.class.getName(),
                        "--case",
                        "ping-pong/shm/size=64",
                        "--endpoint",
                        "/ipcmark-1-0000000000000000-absent",
                        "--cpu",
                        "-1",
                        "--verify",
                        "false")
                .redirectError(scratch.resolve("err.txt").toFile())
                .start();
        String hello = new String(p.getInputStream().readNBytes(6));
        assertThat(hello).isEqualTo("HELLO ");
        p.getOutputStream().close();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
}
