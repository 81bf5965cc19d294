package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.TransportKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What scripts and shells read from ipcmark: {@code list --json} and the completion script. */
class ScriptableOutputTest {
    private static String execute(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void shouldListEveryPatternTransportAndKnobAsJson() throws Exception {
        JsonNode list = new ObjectMapper().readTree(execute("list", "--json"));
        List<String> patterns = new ArrayList<>();
        list.path("patterns").forEach(p -> patterns.add(p.path("id").asText()));
        assertThat(patterns).containsExactlyElementsOf(Pattern.ids());
        List<String> transports = new ArrayList<>();
        list.path("transports").forEach(t -> {
            transports.add(t.path("id").asText());
            assertThat(t.path("runsHere").isBoolean()).as(t.toString()).isTrue();
            assertThat(t.path("family").asText()).as(t.toString()).isNotBlank();
            t.path("knobs").forEach(k -> assertThat(k.path("default").asText()).isNotBlank());
        });
        assertThat(transports).containsExactlyElementsOf(TransportKind.ids());
        assertThat(list.path("transports").get(0).path("knobs").size()).isPositive();
    }

    @Test
    void shouldGenerateACompletionScriptForEveryCommand() {
        String script = execute("generate-completion");
        assertThat(script).contains("complete -F").contains("ipcmark");
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            assertThat(script).as(command).contains(command);
        }
        assertThat(script).contains("--open", "--baseline", "--json");
    }
}
