package dev.ipcmark.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code results/<run-id>/}: every file in it is written whole to a temporary name and renamed into place, so a reader
 * (or a crash) never sees half a file, and a case's files exist as soon as the case is done.
 *
 * <pre>
 * run.json  summary.csv  scenario.yaml
 * jmh/&lt;case&gt;.json  histograms/&lt;case&gt;.hlog  logs/&lt;case&gt;.log
 * </pre>
 */
public final class RunDirectory {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final String runId;
    private final Path root;

    private RunDirectory(String runId, Path root) {
        this.runId = runId;
        this.root = root;
    }

    /** Creates a new run directory under {@code resultsDir}, named from the time and the scenario name. */
    public static RunDirectory create(Path resultsDir, String scenarioName) {
        String base = LocalDateTime.now().format(ID_TIME) + "-" + slug(scenarioName);
        try {
            Files.createDirectories(resultsDir);
            for (int n = 1; ; n++) {
                String id = n == 1 ? base : base + "-" + n;
                Path dir = resultsDir.resolve(id);
                try {
                    Files.createDirectory(dir);
                    for (String sub : new String[] {"jmh", "histograms", "logs"}) {
                        Files.createDirectory(dir.resolve(sub));
                    }
                    return new RunDirectory(id, dir);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // Two runs in the same second: take the next suffix.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory in " + resultsDir, e);
        }
    }

    /** A file-name-safe form of a scenario name. */
    static String slug(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "scenario" : slug.substring(0, Math.min(40, slug.length()));
    }

    /** The run id, e.g. {@code 20261122-201500-smoke}. */
    public String runId() {
        return runId;
    }

    /** The directory. */
    public Path root() {
        return root;
    }

    /** {@code jmh/<case>.json}. */
    public Path jmhJson(String caseFile) {
        return root.resolve("jmh").resolve(caseFile + ".json");
    }

    /** {@code histograms/<case>.hlog}. */
    public Path hlog(String caseFile) {
        return root.resolve("histograms").resolve(caseFile + ".hlog");
    }

    /** {@code logs/<case>.log}: JMH's own console output for the case. */
    public Path log(String caseFile) {
        return root.resolve("logs").resolve(caseFile + ".log");
    }

    /** A scratch directory for a case's forks (removed once the case's files are in place). */
    public Path scratch(String caseFile) {
        Path dir = root.resolve(".work").resolve(caseFile);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Removes a case's scratch directory, and {@code .work/} once it is empty. */
    public void removeScratch(String caseFile) {
        Path work = root.resolve(".work");
        try {
            Path dir = work.resolve(caseFile);
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            try (Stream<Path> rest = Files.list(work)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(work);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the scratch directory of " + caseFile, e);
        }
    }

    /** Writes {@code text} to {@code file} atomically. */
    public static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Renames {@code from} to {@code to}, replacing it, atomically where the file system can. */
    public static void moveAtomically(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }
}
