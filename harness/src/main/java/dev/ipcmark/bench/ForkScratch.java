package dev.ipcmark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The per-case scratch directory through which a JMH fork hands its histogram log and, when it fails, the reason to
 * the ipcmark process ({@code -Dipcmark.scratch}). Absent when a benchmark runs under raw JMH.
 */
final class ForkScratch {
    static final String PROPERTY = "ipcmark.scratch";
    static final String FAILURE_FILE = "failure.txt";
    static final String HLOG_SUFFIX = ".fork.hlog";

    private ForkScratch() {}

    static Optional<Path> dir() {
        return Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of);
    }

    /** This fork's histogram log, named by PID so that forks never share a file. */
    static Path hlog() {
        return dir().map(d -> d.resolve(ProcessHandle.current().pid() + HLOG_SUFFIX))
                .orElse(null);
    }

    /** Notes why this fork failed; the first reason wins, later ones are consequences. */
    static void fail(String reason) {
        dir().ifPresent(d -> {
            Path file = d.resolve(FAILURE_FILE);
            try {
                if (!Files.exists(file)) {
                    Files.writeString(file, reason);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
