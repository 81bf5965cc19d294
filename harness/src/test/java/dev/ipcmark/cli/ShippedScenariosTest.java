package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped scenario loads against the real transport registry, and the default one exists. */
class ShippedScenariosTest {
    private static final Path SCENARIOS =
            Path.of(System.getProperty("user.dir")).resolveSibling("scenarios");

    @Test
    void shouldLoadEveryShippedScenario() throws IOException {
        ScenarioLoader loader = new ScenarioLoader(TransportKind.catalog());
        List<Path> files;
        try (Stream<Path> list = Files.list(SCENARIOS)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("smoke.yaml", "quick.yaml");
        for (Path file : files) {
            assertThat(loader.load(file).cases()).as(file.toString()).isNotEmpty();
        }
        assertThat(SCENARIOS.getParent().resolve(RunCommand.DEFAULT_SCENARIO)).exists();
    }
}
