package dev.ipcmark.cli;

import dev.ipcmark.gate.GateException;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark store}: the results store's maintenance: backfilling run directories, and what it holds. */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = {
            "The results store: every run recorded in one database (SQLite by default, PostgreSQL for a fleet), for"
                    + " ipcmark history, history baselines (--baseline store:…) and trend reports."
        },
        subcommands = {StoreCommand.Import.class, StoreCommand.Info.class})
final class StoreCommand implements Runnable {
    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ipcmark store import RUN_DIR…}. */
    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Record run directories in the store (a directory holding run directories imports each of them)."
                        + " Importing a run twice changes nothing; a run stored unfinished is replaced by its finished"
                        + " record."
            })
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories, or directories of them.")
        private List<Path> dirs;

        @Mixin
        private StoreAccess store;

        @Mixin
        private RunLabels labels;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var tags = labels.tags();
            String machineClass = labels.machineClass();
            // Read every run first: one unreadable directory must not leave the import half done.
            List<Path> runs = new ArrayList<>();
            List<RunRecord> records = new ArrayList<>();
            for (Path dir : dirs) {
                for (Path run : runDirs(dir)) {
                    runs.add(run);
                    records.add(read(run));
                }
            }
            try (Store s = store.open()) {
                int[] counts = new int[Store.Recorded.values().length];
                for (int i = 0; i < runs.size(); i++) {
                    Store.Recorded outcome = s.record(runs.get(i), records.get(i), tags, machineClass);
                    counts[outcome.ordinal()]++;
                    out.printf(
                            "%-20s %s (%s)%n",
                            outcome.name().toLowerCase().replace('_', ' '),
                            runs.get(i),
                            records.get(i).state());
                }
                out.printf(
                        "ipcmark: %d run(s): %d added, %d already there, %d completed; %s%n",
                        runs.size(),
                        counts[Store.Recorded.ADDED.ordinal()],
                        counts[Store.Recorded.ALREADY_THERE.ordinal()],
                        counts[Store.Recorded.COMPLETED.ordinal()],
                        s.describe());
            }
            return ExitCodes.OK;
        }

        /** {@code dir} itself when it is a run directory, else the run directories in it (a results directory). */
        private static List<Path> runDirs(Path dir) {
            if (Files.isRegularFile(dir.resolve(RunDirectory.MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
                return List.of(dir);
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new GateException(dir + " is not a directory");
            }
            try (Stream<Path> children = Files.list(dir)) {
                List<Path> runs = children.filter(c -> Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)
                                && Files.isRegularFile(c.resolve(RunDirectory.MANIFEST), LinkOption.NOFOLLOW_LINKS))
                        .sorted()
                        .toList();
                if (runs.isEmpty()) {
                    throw new GateException(dir + " is not a run directory (no run.json) and holds none");
                }
                return runs;
            } catch (IOException e) {
                throw new GateException("cannot list " + dir + ": " + e.getMessage());
            }
        }

        private static RunRecord read(Path run) {
            try {
                RunRecord record = RunRecord.read(run);
                if (!RunDirectory.validId(record.runId())) {
                    throw new GateException(run.resolve(RunDirectory.MANIFEST) + ": runId '" + record.runId()
                            + "' is not a run id (" + RunDirectory.ID_RULE + ")");
                }
                return record;
            } catch (IOException e) {
                throw new GateException(
                        run.resolve(RunDirectory.MANIFEST) + " is not a valid ipcmark run.json: " + e.getMessage());
            }
        }
    }

    /** {@code ipcmark store info}. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Say where the store is and what it holds.")
    static final class Info implements Callable<Integer> {
        @Mixin
        private StoreAccess store;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                spec.commandLine().getOut().println(s.describe());
            }
            return ExitCodes.OK;
        }
    }
}
