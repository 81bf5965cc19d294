package dev.ipcmark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built jar as a user would, in its own process; the launcher's JVM options are reproduced. */
final class Ipcmark {
    static final Path ROOT =
            Path.of(System.getProperty("ipcmark.root", "..")).toAbsolutePath().normalize();
    static final Path JAR =
            Path.of(System.getProperty("ipcmark.jar", "target/ipcmark.jar")).toAbsolutePath();

    record Outcome(int status, String out) {}

    private Ipcmark() {}

    static Process start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dipcmark.home=" + ROOT,
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    static Outcome run(Path scratch, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(scratch, "ipcmark", ".out");
        Process p = start(output, args);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("ipcmark " + String.join(" ", args) + " did not finish");
        }
        return new Outcome(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The one run directory under {@code results}. */
    static Path onlyRun(Path results) throws IOException {
        try (var dirs = Files.list(results)) {
            List<Path> runs = dirs.toList();
            if (runs.size() != 1) {
                throw new AssertionError("expected one run directory, found " + runs);
            }
            return runs.getFirst();
        }
    }
}
