package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartupCompilationTest {
    @Test
    void shouldBeAcceptedByThisJdkAndPrintNothingOnStdout() throws Exception {
        // A pipe peer's stdout is its data pipe: one line there would be read as a message.
        Result quiet = java(StartupCompilation.OPTIONS);
        assertThat(quiet.status()).as(quiet.stderr()).isZero();
        assertThat(quiet.stdout()).isEmpty();
        // Without "quiet" HotSpot echoes each command as it understood it: both patterns, scaled twentyfold.
        Result echoed = java(StartupCompilation.OPTIONS.subList(1, StartupCompilation.OPTIONS.size()));
        assertThat(echoed.stdout())
                .contains("CompileThresholdScaling jdk/internal/classfile/*.* double CompileThresholdScaling = 20.0")
                .contains("CompileThresholdScaling java/lang/classfile/*.* double CompileThresholdScaling = 20.0");
    }

    record Result(int status, String stdout, String stderr) {}

    /** Runs {@code java OPTIONS -version}. */
    static Result java(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).start();
        // Both streams at once: a full stderr pipe would stop the JVM while this thread waits on its stdout.
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(java.getErrorStream()));
        String out = text(java.getInputStream());
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(java.exitValue(), out, err.join());
    }

    private static String text(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
