package dev.ipcmark.gate;

import dev.ipcmark.results.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saved baselines under {@code baselines/NAME/}, meant to be committed, one per machine type: {@value Baseline#RUNS}/
 * with each run's small files (run.json with the per-iteration samples and the calibration probes, summary.csv,
 * scenario.yaml, the analysis CSVs and the .hlog histograms; not JMH's JSON or logs). Several runs of one scenario let
 * the gate see the machine's run-to-run noise. A baseline saved by an earlier ipcmark (one run, its files at the top)
 * is still read.
 */
public final class Baselines {
    /** What a baseline name may be. */
    public static final String NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit";

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    private Baselines() {}

    /**
     * Saves {@code runs} as the baseline {@code name} under {@code root}; throws {@link GateException} when a run is
     * not a finished one, they are not runs of one scenario, the name is not valid or the baseline exists and
     * {@code replace} is false.
     */
    public static Path save(String name, List<Path> runs, Path root, boolean replace) {
        checkName(name);
        Path target = root.resolve(name);
        if (Files.exists(target) && !replace) {
            throw new GateException("baseline " + target + " exists; pass --force to replace it, or add runs to it with"
                    + " ipcmark baseline add " + name + " RUN…");
        }
        List<RunSamples> checked = check(runs, List.of());
        try {
            Path staging = Files.createDirectories(root).resolve("." + name + ".saving");
            deleteTree(staging);
            Files.createDirectories(staging.resolve(Baseline.RUNS));
            for (int i = 0; i < runs.size(); i++) {
                copyRun(
                        runs.get(i),
                        staging.resolve(Baseline.RUNS).resolve(checked.get(i).runId()));
            }
            deleteTree(target);
            // A half-copied baseline must never be mistaken for one: it appears under its name only when complete.
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the baseline " + target + ": " + e.getMessage(), e);
        }
    }

    /** Adds {@code runs} to the saved baseline {@code name}; the same checks as {@link #save}. */
    public static Path add(String name, List<Path> runs, Path root) {
        checkName(name);
        Path target = root.resolve(name);
        if (!Files.isDirectory(target.resolve(Baseline.RUNS))) {
            throw new GateException("no baseline '" + name + "' with runs in " + root + " (saved there: "
                    + String.join(", ", names(root)) + "); make one with ipcmark baseline save " + name + " RUN…");
        }
        Baseline existing = Baseline.read(target);
        List<RunSamples> checked = check(runs, existing.runs());
        try {
            for (int i = 0; i < runs.size(); i++) {
                Path into = target.resolve(Baseline.RUNS).resolve(checked.get(i).runId());
                if (Files.exists(into)) {
                    throw new GateException("run " + checked.get(i).runId() + " is in the baseline already");
                }
                Path staging = target.resolve(Baseline.RUNS)
                        .resolve("." + checked.get(i).runId() + ".adding");
                deleteTree(staging);
                copyRun(runs.get(i), staging);
                Files.move(staging, into, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add to the baseline " + target + ": " + e.getMessage(), e);
        }
    }

    /** Each of {@code runs}, read and checked: finished, with cases that ran, of the same scenario as {@code with}. */
    private static List<RunSamples> check(List<Path> runs, List<RunSamples> with) {
        if (runs.isEmpty()) {
            throw new GateException("no run given");
        }
        List<RunSamples> all = new ArrayList<>(with);
        List<RunSamples> checked = new ArrayList<>();
        for (Path run : runs) {
            RunSamples samples = RunSamples.read(run);
            if (!samples.state().equals("finished")) {
                throw new GateException(
                        run + " is " + samples.state() + ", not finished: only a complete run can be a baseline");
            }
            if (samples.cases().values().stream().noneMatch(RunSamples.CaseSamples::ok)) {
                throw new GateException(run + " has no case that ran: it cannot be a baseline");
            }
            if (!all.isEmpty()
                    && !all.getFirst().cases().keySet().equals(samples.cases().keySet())) {
                throw new GateException(run + " has other cases than "
                        + all.getFirst().runId() + ": a baseline's runs must come from one scenario");
            }
            if (!all.isEmpty()
                    && !all.getFirst()
                            .identity()
                            .differences(samples.identity())
                            .isEmpty()) {
                throw new GateException(run + " was measured on another machine type than "
                        + all.getFirst().runId() + " ("
                        + String.join("; ", all.getFirst().identity().differences(samples.identity())) + ")");
            }
            all.add(samples);
            checked.add(samples);
        }
        return checked;
    }

    private static void copyRun(Path run, Path into) throws IOException {
        Files.createDirectories(into);
        for (String f : RunDirectory.KEPT_BY_BASELINES) {
            if (Files.isRegularFile(run.resolve(f))) {
                Files.copy(run.resolve(f), into.resolve(f));
            }
        }
        Path histograms = run.resolve(RunDirectory.HISTOGRAMS);
        if (Files.isDirectory(histograms)) {
            Files.createDirectories(into.resolve(RunDirectory.HISTOGRAMS));
            try (Stream<Path> hlogs = Files.list(histograms)) {
                for (Path h : hlogs.toList()) {
                    Files.copy(h, into.resolve(RunDirectory.HISTOGRAMS).resolve(h.getFileName()));
                }
            }
        }
    }

    private static void checkName(String name) {
        if (!name.matches(NAME_PATTERN)) {
            throw new GateException("bad baseline name '" + name + "'; allowed: " + NAME_RULE);
        }
    }

    /**
     * The baseline {@code nameOrDir} names: a run directory, a saved baseline's directory, or the name of a baseline
     * saved under {@code root}; throws {@link GateException} listing the saved baselines when it is none of these.
     */
    public static Path resolve(String nameOrDir, Path root) {
        Path asDir = Path.of(nameOrDir);
        if (isBaselineDir(asDir)) {
            return asDir;
        }
        if (nameOrDir.matches(NAME_PATTERN) && isBaselineDir(root.resolve(nameOrDir))) {
            return root.resolve(nameOrDir);
        }
        throw new GateException("'" + nameOrDir + "' is neither a run directory (with a run.json) nor a baseline"
                + " saved in " + root + " (saved there: " + String.join(", ", names(root)) + ")");
    }

    private static boolean isBaselineDir(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.MANIFEST)) || Files.isDirectory(dir.resolve(Baseline.RUNS));
    }

    /** The names of the baselines saved under {@code root}, each with its number of runs, sorted. */
    public static List<String> names(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of("none");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> names = dirs.filter(Baselines::isBaselineDir)
                    .sorted()
                    .map(d -> d.getFileName() + runs(d))
                    .toList();
            return names.isEmpty() ? List.of("none") : names;
        } catch (IOException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    private static String runs(Path dir) {
        if (!Files.isDirectory(dir.resolve(Baseline.RUNS))) {
            return " (1 run)";
        }
        try (Stream<Path> runs = Files.list(dir.resolve(Baseline.RUNS))) {
            long n = runs.filter(r -> Files.isRegularFile(r.resolve(RunDirectory.MANIFEST)))
                    .count();
            return " (" + n + " run" + (n == 1 ? "" : "s") + ")";
        } catch (IOException e) {
            return "";
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
