package dev.ipcmark.gate;

import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.GateSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a run is judged against: one or more runs of the same scenario on one machine type. Several runs let the gate
 * see the machine's run-to-run noise, which no single run shows. A directory is a baseline of one run when it holds a
 * {@code run.json} (any run directory), and of several when it holds {@value #RUNS}/ with a run directory per run (as
 * {@code ipcmark baseline save NAME RUN…} writes it).
 *
 * @param dir where it is
 * @param runs its runs, oldest first
 */
public record Baseline(Path dir, List<RunSamples> runs) {
    /** The directory of a saved baseline that holds its runs. */
    public static final String RUNS = "runs";

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** Copies the list. */
    public Baseline {
        runs = List.copyOf(runs);
    }

    /** A baseline of the runs already read. */
    public static Baseline of(Path dir, List<RunSamples> runs) {
        if (runs.isEmpty()) {
            throw new GateException(dir + " holds no run");
        }
        return new Baseline(dir, runs);
    }

    /** Reads {@code dir}: a run directory, or a saved baseline with its runs; throws {@link GateException}. */
    public static Baseline read(Path dir) {
        if (Files.isRegularFile(dir.resolve(RunDirectory.MANIFEST))) {
            return new Baseline(dir, List.of(RunSamples.read(dir)));
        }
        return new Baseline(dir, runDirs(dir).stream().map(RunSamples::read).toList());
    }

    /** The run directory to show for {@code dir}: itself when it is a run, else the newest run of the baseline. */
    public static Path newestRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.MANIFEST))
                ? dir
                : runDirs(dir).getLast();
    }

    /** The run directories of a saved baseline {@code dir}, by run id; throws {@link GateException} when none. */
    static List<Path> runDirs(Path dir) {
        Path runs = dir.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            throw new GateException(dir + " is neither a run directory (with a run.json) nor a baseline (with runs/)");
        }
        try (Stream<Path> entries = Files.list(runs)) {
            List<Path> found =
                    new ArrayList<>(entries.filter(p -> Files.isRegularFile(p.resolve(RunDirectory.MANIFEST)))
                            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                            .toList());
            if (found.isEmpty()) {
                throw new GateException(runs + " holds no run");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
    }

    /**
     * When the baseline's runs were made, and how long before {@code current} the newest was: {@code 5 runs started
     * 2026-12-04 14:35 to 14:44 UTC (within 9 min), the newest 3 h 10 min before the current run}; empty when a run's
     * start is unknown. On a shared machine a baseline knows the machine's states of the hours it was made in, not
     * others (docs/gate-self-checks.md: a baseline made six hours before called 5 of 10 runs of unchanged code
     * regressed), so a reader of a verdict should see both.
     */
    public Optional<String> made(RunSamples current) {
        List<OffsetDateTime> starts = runs.stream()
                .map(RunSamples::startedAt)
                .flatMap(Optional::stream)
                .map(t -> t.withOffsetSameInstant(ZoneOffset.UTC))
                .sorted()
                .toList();
        if (starts.size() != runs.size() || current.startedAt().isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime first = starts.getFirst();
        OffsetDateTime last = starts.getLast();
        String when = runs.size() == 1
                ? "started " + MINUTE.format(first) + " UTC"
                : runs.size() + " runs started " + MINUTE.format(first) + " to "
                        + (first.toLocalDate().equals(last.toLocalDate()) ? CLOCK : MINUTE).format(last)
                        + " UTC (within " + Durations.span(Duration.between(first, last)) + ")";
        Duration age = Duration.between(last, current.startedAt().orElseThrow());
        return Optional.of(when + ", the " + (runs.size() == 1 ? "run " : "newest ") + Durations.span(age)
                + (age.isNegative() ? " after" : " before") + " the current run");
    }

    /** The thresholds of the baseline's scenario (its newest run's): a run is never judged by its own. */
    public GateSpec thresholds() {
        return runs.getLast().thresholds();
    }

    /** {@code 20261129-…-ci}, {@code vm-2core (5 runs)} or {@code store:branch=main,… (20 runs)}. */
    public String describe() {
        // A history baseline's "directory" is its store: spec, whose branch may hold a '/'.
        String name = dir.toString().startsWith("store:")
                ? dir.toString()
                : dir.getFileName().toString();
        return runs.size() == 1 ? runs.getFirst().runId() : name + " (" + runs.size() + " runs)";
    }
}
