package dev.ipcmark.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
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
    /** The run's record ({@link RunRecord}). */
    public static final String MANIFEST = "run.json";
    /** One row per case. */
    public static final String SUMMARY = "summary.csv";
    /** Every tagged histogram's percentiles (rate's uncorrected view, setup's steps). */
    public static final String PARTS = "parts.csv";
    /** The copy-vs-map analysis. */
    public static final String COPY_VS_MAP = RunManifest.COPY_VS_MAP_FILE;
    /** The copy ladder, when the run has one. */
    public static final String COPY_LADDER = RunManifest.COPY_LADDER_FILE;
    /** The resolved scenario: run it to repeat the run. */
    public static final String SCENARIO = "scenario.yaml";
    /** The comparison with a baseline, when the run was made with one. */
    public static final String GATE = "gate.json";
    /** The small files a saved baseline keeps of a run (besides the histograms). */
    public static final List<String> KEPT_BY_BASELINES =
            List.of(MANIFEST, SUMMARY, SCENARIO, COPY_VS_MAP, COPY_LADDER, PARTS);
    /** The directory of the cases' histogram logs. */
    public static final String HISTOGRAMS = "histograms";
    /** The directory of the cases' collapsed stacks, when a scenario asks for the flame profiler. */
    public static final String PROFILES = "profiles";
    /** The processes of a case that are profiled: the one whose thread measures (the JMH fork), and its peer. */
    public static final List<String> PROFILED = List.of("measuring", "peer");
    // Below this a case's files (a histogram log is tens of KiB, JMH's output more) cannot be trusted to fit.
    private static final long MIN_FREE_BYTES = 1 << 20;

    /** The scratch directory of the cases being measured; gone when the run ends, left behind by a killed one. */
    public static final String WORK_DIR = ".work";

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final String runId;
    private final Path root;

    private RunDirectory(String runId, Path root) {
        this.runId = runId;
        this.root = root;
    }

    /**
     * What a run id may be: it becomes a directory name (under {@code results/}, {@code reports/}, in the store), so an
     * id read from a file that is not of this form (a {@code ../} in a tampered run.json) is refused, never used.
     */
    public static final String ID_RULE = "1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit";

    private static final java.util.regex.Pattern ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Whether {@code id} is a valid run id ({@link #ID_RULE}). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
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
                    for (String sub : new String[] {"jmh", HISTOGRAMS, "logs"}) {
                        Files.createDirectory(dir.resolve(sub));
                    }
                    return new RunDirectory(id, dir);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // Two runs in the same second: take the next suffix.
                }
            }
        } catch (IOException e) {
            throw new ResultsException("cannot create a run directory in", resultsDir, e);
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

    /** The run's file {@code name} (one of this class's constants). */
    public Path file(String name) {
        return root.resolve(name);
    }

    /** {@code jmh/<case>.json}. */
    public Path jmhJson(String caseFile) {
        return root.resolve("jmh").resolve(caseFile + ".json");
    }

    /** {@code histograms/<case>.hlog}. */
    public Path hlog(String caseFile) {
        return root.resolve(HISTOGRAMS).resolve(caseFile + ".hlog");
    }

    /**
     * {@code profiles/<case>.<process>.collapsed}: the flame profiler's collapsed stacks of one process of the case
     * ({@code measuring} or {@code peer}), every fork's summed; the directory is made when the first is written.
     */
    public Path profile(String caseFile, String process) {
        return root.resolve(PROFILES).resolve(caseFile + "." + process + ".collapsed");
    }

    /** {@code logs/<case>.log}: JMH's own console output for the case. */
    public Path log(String caseFile) {
        return root.resolve("logs").resolve(caseFile + ".log");
    }

    /**
     * A scratch directory for a case's forks (removed once the case's files are in place), inside {@code .work/},
     * which is private (0700) like every directory ipcmark may later have to remove.
     */
    public Path scratch(String caseFile) {
        Path work = root.resolve(WORK_DIR);
        Path dir = work.resolve(caseFile);
        try {
            if (!Files.isDirectory(work)) {
                Files.createDirectory(
                        work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ResultsException("cannot create", dir, e);
        }
    }

    /**
     * Throws {@link ResultsException} when the file system of the results is (nearly) full: a case that failed because
     * its fork could not write its histogram is the machine's fault, and so would every later case be.
     */
    public void checkSpace() {
        try {
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new ResultsException(
                        "cannot go on writing",
                        root,
                        new IOException("No space left on device (" + free / 1024 + " KiB free)"));
            }
        } catch (IOException e) {
            throw new ResultsException("cannot examine", root, e);
        }
    }

    /** Removes a case's scratch directory, and {@code .work/} once it is empty. */
    public void removeScratch(String caseFile) {
        Path work = root.resolve(WORK_DIR);
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
            throw new ResultsException("cannot remove the scratch directory of " + caseFile + " in", work, e);
        }
    }

    /**
     * Writes {@code text} to {@code file} atomically; throws {@link ResultsException} naming the file and the system's
     * reason (a full or read-only file system) and leaves no temporary file behind when it cannot.
     */
    public static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            moveAtomically(tmp, file);
        } catch (IOException | ResultsException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The file system refuses even that; the error below is the one to report.
            }
            throw e instanceof ResultsException r ? r : new ResultsException("cannot write", file, (IOException) e);
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
            throw new ResultsException("cannot move " + from + " to", to, e);
        }
    }

    /**
     * The PID of the ipcmark process that wrote the run in {@code runDir} (its run.json's {@code pid}), or -1 when it
     * is not recorded or not a number.
     */
    public static long writerPid(Path runDir) {
        try {
            JsonNode pid = new ObjectMapper()
                    .readTree(runDir.resolve(MANIFEST).toFile())
                    .path("pid");
            return pid.canConvertToLong() && pid.asLong() > 0 ? pid.asLong() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
