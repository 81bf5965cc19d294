package dev.ipcmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not scenarios, or scenarios a parser would choke on: each is refused at once with the file (and,
 * inside it, the line and column) named, never a hang, an out-of-memory or a library's own words.
 */
class ScenarioFileHazardsTest {
    private static final String VALID =
            "name: x\ncases:\n  - pattern: ping-pong\n    transports: shm\n    messageSizes: 64\n";
    private final ScenarioLoader loader = new ScenarioLoader(TransportCatalog.withoutKnobs(List.of("shm")));

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAFifoWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> loader.load(fifo))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(fifo + ": is a device, FIFO or socket; a scenario is a regular YAML file"));
    }

    @Test
    void shouldRefuseADeviceAndADirectory() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> assertThatThrownBy(() -> loader.load(Path.of("/dev/zero")))
                        .hasMessage("/dev/zero: is a device, FIFO or socket; a scenario is a regular YAML file"));
        assertThatThrownBy(() -> loader.load(dir))
                .hasMessage(dir + ": is a directory; a scenario is a regular YAML file");
    }

    @Test
    void shouldRefuseAHugeFileBeforeReadingIt() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, VALID + "# " + "x".repeat(20 << 20) + "\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> loader.load(big))
                .hasMessage(big + ": is 20.0 MiB; a scenario file may be at most 1.0 MiB");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldNameTheLineAndColumnOfABadByte() throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: caf\u00e9\ncases: []\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> loader.load(latin1))
                .hasMessage(latin1 + ":1:10: not UTF-8 text (byte 0xe9); save the scenario as UTF-8");
        Path secondLine = dir.resolve("second.yaml");
        Files.write(secondLine, new byte[] {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xff});
        assertThatThrownBy(() -> loader.load(secondLine)).hasMessageStartingWith(secondLine + ":2:4: not UTF-8 text");
    }

    @Test
    void shouldRefuseASecondDocument() {
        assertThatThrownBy(() -> loader.parse(VALID + "---\nname: y\n", "two.yaml"))
                .hasMessageStartingWith("two.yaml:7:1: a second YAML document starts here");
    }

    @Test
    void shouldRefuseDeepNestingInItsOwnWords() {
        String deep = "name: x\ncases: " + "[".repeat(1000) + "]".repeat(1000) + "\n";
        assertThatThrownBy(() -> loader.parse(deep, "deep.yaml"))
                .hasMessageMatching("deep\\.yaml:2:\\d+: nested deeper than 16 levels.*")
                .hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void shouldRefuseDurationsThatWouldOverflow() {
        assertThatThrownBy(() -> Durations.parse("999999999min"))
                .hasMessage("'999999999min' is out of range; allowed: up to 1440min");
        assertThatThrownBy(() -> loader.parse(VALID + "jmh: { measurement: { time: 999999999min } }\n", "long.yaml"))
                .hasMessageStartingWith("long.yaml:6:29: bad duration in 'time': '999999999min' is out of range");
        assertThatThrownBy(() -> loader.parse(VALID + "jmh: { forks: 100000 }\n", "forks.yaml"))
                .hasMessage("forks.yaml:6:15: 'forks' must be a whole number from 1 to 100, got '100000'");
    }

    @Test
    void shouldHoldTheCommandLineToTheFileRules() {
        assertThatThrownBy(() -> ScenarioLoader.positiveDuration("0s", "command line (--time)", "--time"))
                .hasMessage(
                        "command line (--time): bad duration in --time: '0s' is zero; expected " + Durations.ALLOWED);
        assertThatThrownBy(() -> ScenarioLoader.peerDelay("1s", "command line (--inject-peer-delay)"))
                .hasMessage("command line (--inject-peer-delay): 'peerDelay' 1s is out of range; allowed: 0ns to"
                        + " 100ms");
        assertThatThrownBy(() -> ScenarioOverrides.parseParams(List.of("mode=blocking", "mode=nonblocking-poll")))
                .hasMessage("command line (-p mode=nonblocking-poll): -p mode is given twice; give all its values in"
                        + " one, e.g. -p mode=blocking,nonblocking-poll");
        assertThatThrownBy(() -> ScenarioOverrides.parseParams(List.of("blocking")))
                .hasMessageStartingWith("command line (-p blocking): expected NAME=VALUES");
    }
}
