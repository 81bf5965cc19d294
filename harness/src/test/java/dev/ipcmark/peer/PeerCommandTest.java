package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerCommandTest {
    @Test
    void shouldStartALocalPeerWithItsVmOutputOnStderrAndTheStartupCompilation() {
        List<String> command = PeerCommand.builder(
                        CaseSpec.of(Pattern.PING_PONG, "pipe", 64),
                        "endpoint",
                        Optional.empty(),
                        List.of(),
                        "-1",
                        false,
                        Path.of("/nonexistent/control.sock"),
                        Path.of("/nonexistent/peer.stderr"))
                .command();
        assertThat(command)
                .containsSubsequence(PeerCommand.VM_OUTPUT_TO_STDERR)
                .containsSubsequence(StartupCompilation.OPTIONS);
        // Before the class to run: options after it would be the peer's arguments.
        assertThat(command.indexOf(PeerCommand.VM_OUTPUT_TO_STDERR.getLast()))
                .isLessThan(command.indexOf(PeerMain.class.getName()));
    }

    @Test
    void shouldKeepAPeersStdoutFreeOfWhatItsJvmPrints() throws Exception {
        // A pipe peer's stdout is its data pipe. HotSpot's own output and unified logging's errors both go elsewhere.
        List<String> options = new ArrayList<>(PeerCommand.VM_OUTPUT_TO_STDERR);
        options.addAll(List.of("-XX:+PrintCompilation", "-XX:AOTCache=/nonexistent/ipcmark-peer.aot"));
        StartupCompilationTest.Result r = StartupCompilationTest.java(options);
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("[error][aot]").contains("java.lang.Object::");
    }
}
