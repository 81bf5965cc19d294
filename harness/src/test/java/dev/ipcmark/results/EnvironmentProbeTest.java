package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentProbeTest {
    @Test
    void shouldRecordEveryVulnerabilityThisKernelLists() throws IOException {
        Path sys = Path.of("/sys/devices/system/cpu/vulnerabilities");
        Map<String, String> states = EnvironmentProbe.vulnerabilities(sys);
        if (!Files.isDirectory(sys)) {
            assertThat(states).isEmpty();
            return;
        }
        try (Stream<Path> files = Files.list(sys)) {
            assertThat(states.keySet())
                    .containsExactlyElementsOf(
                            files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        states.forEach((name, state) -> assertThat(state)
                .as(name)
                .isNotBlank()
                .matches("(Not affected|Vulnerable|Mitigation|Unknown|KVM|Processor).*"));
    }

    @Test
    void shouldReadOnlyPlainFilesAndFollowNoLink(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("meltdown"), "Mitigation: PTI\n");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "not a vulnerability");
        Files.createSymbolicLink(dir.resolve("spectre_v2"), secret);
        Files.writeString(dir.resolve("Bad Name"), "Vulnerable");
        Files.createDirectory(dir.resolve("retbleed"));
        assertThat(EnvironmentProbe.vulnerabilities(dir)).containsExactly(Map.entry("meltdown", "Mitigation: PTI"));
        assertThat(EnvironmentProbe.vulnerabilities(dir.resolve("missing"))).isEmpty();
    }
}
