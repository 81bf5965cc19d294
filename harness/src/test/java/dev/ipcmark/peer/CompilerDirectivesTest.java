package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class CompilerDirectivesTest {
    /** The file the launcher names (the tests run in harness/). */
    static final Path SHIPPED = Path.of("src/main/jvm/compiler-directives.json").toAbsolutePath();

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(CompilerDirectives.PROPERTY);
    }

    @Test
    void shouldStartAJvmWithTheNamedFileAndHandItOn() {
        System.setProperty(CompilerDirectives.PROPERTY, SHIPPED.toString());
        assertThat(CompilerDirectives.options())
                .containsExactly(
                        "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:CompilerDirectivesFile=" + SHIPPED,
                        "-D" + CompilerDirectives.PROPERTY + "=" + SHIPPED);
    }

    @Test
    void shouldAddNothingWithoutAFile() throws Exception {
        assertThat(CompilerDirectives.options()).isEmpty();
        System.setProperty(
                CompilerDirectives.PROPERTY, dir.resolve("missing.json").toString());
        assertThat(CompilerDirectives.options()).isEmpty();
        System.setProperty(
                CompilerDirectives.PROPERTY,
                Files.createDirectory(dir.resolve("d")).toString());
        assertThat(CompilerDirectives.options()).isEmpty();
    }

    @Test
    void shouldShipDirectivesThisJdkAcceptsAndThatKeepC2OffTheClassFileLibrary() throws Exception {
        // A JVM given a file it cannot parse does not start: every fork and peer would fail.
        System.setProperty(CompilerDirectives.PROPERTY, SHIPPED.toString());
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(CompilerDirectives.options());
        command.addAll(List.of("-XX:+CompilerDirectivesPrint", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();
        assertThat(out).contains("1 compiler directives added");
        String printed = out.substring(out.indexOf("matching:"));
        assertThat(printed.lines().findFirst().orElseThrow())
                .contains("jdk/internal/classfile/*.*", "java/lang/classfile/*.*");
        assertThat(printed.substring(printed.indexOf("c2 directives:"))).contains("Exclude:true");
    }
}
