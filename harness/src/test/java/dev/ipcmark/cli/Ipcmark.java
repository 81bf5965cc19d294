package dev.ipcmark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs ipcmark as a user would: the launcher script, in its own process, with the jar the build made. */
public final class Ipcmark {
    /** The project's root: the launcher, scenarios and scripts are there. */
    public static final Path ROOT =
            Path.of(System.getProperty("ipcmark.root", "..")).toAbsolutePath().normalize();

    static final Path JAR =
            Path.of(System.getProperty("ipcmark.jar", "target/ipcmark.jar")).toAbsolutePath();

    record Outcome(int status, String out) {}

    private Ipcmark() {}

    /** Starts {@code ./ipcmark ARGS} (the launcher, as a user does) with its output into {@code output}. */
    static Process start(Path output, String... args) throws IOException {
        return start(output, Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with {@code environment} added to this process's. */
    static Process start(Path output, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("ipcmark").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The JDK running the tests is the one the jar was built with.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    static Outcome run(Path scratch, String... args) throws IOException, InterruptedException {
        return run(scratch, Map.of(), args);
    }

    /** Runs {@code ./ipcmark ARGS} with {@code environment} added, and waits up to 5 minutes for it. */
    static Outcome run(Path scratch, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(scratch, "ipcmark", ".out");
        Process p = start(output, environment, args);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("ipcmark " + String.join(" ", args) + " did not finish");
        }
        return new Outcome(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The one run directory under {@code results} (beside the store's files). */
    static Path onlyRun(Path results) throws IOException {
        try (var dirs = Files.list(results)) {
            List<Path> runs = dirs.filter(Files::isDirectory).toList();
            if (runs.size() != 1) {
                throw new AssertionError("expected one run directory, found " + runs);
            }
            return runs.getFirst();
        }
    }
}
