package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.results.GoldenOutputsTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Seals the table printed at the end of a run, for the same synthetic results as the golden run.json and summary.csv;
 * the run directory, the one field that varies, is fixed. {@code -Dipcmark.writeGolden=DIR} writes it afresh.
 */
class ConsoleSummaryGoldenTest {
    private static final String GOLDEN = "golden/console-summary.txt";

    @Test
    void shouldPrintTheSummaryExactlyAsTheGoldenFile() throws IOException {
        StringWriter text = new StringWriter();
        ConsoleSummary.print(new PrintWriter(text), Path.of("/results/20260101-000000-x"), GoldenOutputsTest.results());
        String printed = text.toString().replace(System.lineSeparator(), "\n");
        String rewrite = System.getProperty("ipcmark.writeGolden");
        if (rewrite != null) {
            Files.writeString(Path.of(rewrite, GOLDEN), printed);
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN + " is missing").isNotNull();
            assertThat(printed).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
