package dev.ipcmark.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saved baselines: a finished run's small files (run.json with the per-iteration samples, summary.csv, scenario.yaml,
 * the analysis CSVs and the .hlog histograms; not JMH's JSON or logs) under {@code baselines/NAME/}, meant to be
 * committed, one per machine type.
 */
public final class Baselines {
    /** What a baseline name may be. */
    public static final String NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit";

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    private static final List<String> FILES =
            List.of("run.json", "summary.csv", "scenario.yaml", "copy-vs-map.csv", "parts.csv");

    private Baselines() {}

    /**
     * Copies {@code run} to {@code root/name}; throws {@link GateException} when the run is not a finished one, the name
     * is not valid or the baseline exists and {@code replace} is false.
     */
    public static Path save(Path run, String name, Path root, boolean replace) {
        if (!name.matches(NAME_PATTERN)) {
            throw new GateException("bad baseline name '" + name + "'; allowed: " + NAME_RULE);
        }
        RunSamples samples = RunSamples.read(run);
        if (!samples.state().equals("finished")) {
            throw new GateException(
                    run + " is " + samples.state() + ", not finished: only a complete run can be a baseline");
        }
        if (samples.cases().values().stream().noneMatch(RunSamples.CaseSamples::ok)) {
            throw new GateException(run + " has no case that ran: it cannot be a baseline");
        }
        Path target = root.resolve(name);
        try {
            if (Files.exists(target)) {
                if (!replace) {
                    throw new GateException(
                            "baseline " + target + " exists; pass --force to replace it with " + samples.runId());
                }
                deleteTree(target);
            }
            Path staging = Files.createDirectories(root).resolve("." + name + ".saving");
            deleteTree(staging);
            Files.createDirectories(staging);
            for (String f : FILES) {
                if (Files.isRegularFile(run.resolve(f))) {
                    Files.copy(run.resolve(f), staging.resolve(f));
                }
            }
            Path histograms = run.resolve("histograms");
            if (Files.isDirectory(histograms)) {
                Files.createDirectories(staging.resolve("histograms"));
                try (Stream<Path> hlogs = Files.list(histograms)) {
                    for (Path h : hlogs.toList()) {
                        Files.copy(h, staging.resolve("histograms").resolve(h.getFileName()));
                    }
                }
            }
            // A half-copied baseline must never be mistaken for one: it appears under its name only when complete.
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the baseline " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run directory {@code nameOrDir} names: a directory with a run.json, or a baseline saved under {@code root};
     * throws {@link GateException} listing the saved baselines when it is neither.
     */
    public static Path resolve(String nameOrDir, Path root) {
        Path asDir = Path.of(nameOrDir);
        if (Files.isRegularFile(asDir.resolve("run.json"))) {
            return asDir;
        }
        if (nameOrDir.matches(NAME_PATTERN)
                && Files.isRegularFile(root.resolve(nameOrDir).resolve("run.json"))) {
            return root.resolve(nameOrDir);
        }
        throw new GateException("'" + nameOrDir + "' is neither a run directory (with a run.json) nor a baseline"
                + " saved in " + root + " (saved there: " + String.join(", ", names(root)) + ")");
    }

    /** The names of the baselines saved under {@code root}, sorted. */
    public static List<String> names(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of("none");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> names = dirs.filter(d -> Files.isRegularFile(d.resolve("run.json")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
            return names.isEmpty() ? List.of("none") : names;
        } catch (IOException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
