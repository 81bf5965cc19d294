package dev.ipcmark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The per-case scratch directory through which a JMH fork hands its histogram log and, when it fails, the reason to
 * the ipcmark process ({@code -Dipcmark.scratch}). Absent when a benchmark runs under raw JMH.
 */
final class ForkScratch {
    static final String PROPERTY = "ipcmark.scratch";
    static final String FAILURE_FILE = "failure.txt";
    static final String HLOG_SUFFIX = ".fork.hlog";
    static final String PID_SUFFIX = ".fork.pid";

    private ForkScratch() {}

    static Optional<Path> dir() {
        return Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of);
    }

    /** This fork's histogram log, named by PID so that forks never share a file. */
    static Path hlog() {
        return dir().map(d -> d.resolve(ProcessHandle.current().pid() + HLOG_SUFFIX))
                .orElse(null);
    }

    /** Notes this fork's PID first thing, so that what it leaves when killed can be traced to it. */
    static void announce() {
        dir().ifPresent(d -> {
            try {
                Files.writeString(d.resolve(ProcessHandle.current().pid() + PID_SUFFIX), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The PIDs of the forks that ran in {@code scratch}. */
    static List<Long> forkPids(Path scratch) {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{1,10}" + java.util.regex.Pattern.quote(PID_SUFFIX)))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - PID_SUFFIX.length())))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
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
