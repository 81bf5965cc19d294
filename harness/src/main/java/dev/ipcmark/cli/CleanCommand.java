package dev.ipcmark.cli;

import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.Leftovers.Disposition;
import dev.ipcmark.transport.Leftovers.Found;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipcmark clean}: removes IPC objects left by ipcmark processes that died without cleaning up. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description = {
            "Remove ipcmark's leftover IPC objects (POSIX shared memory in /dev/shm, POSIX queues in /dev/mqueue,"
                    + " private directories in TMPDIR holding sockets, FIFOs, shared files and JMH's scratch files,"
                    + " System V queues and segments, and the .work/ directory of a run that was killed) whose"
                    + " creating process is gone, e.g. after a SIGKILL.",
            "Only objects named by ipcmark (ipcmark-<pid>-<random>, or a System V key with ipcmark's mark) that this"
                    + " user made with ipcmark's modes (directories 0700, files and System V objects 0600) are"
                    + " touched; anything else is listed as 'not ours' and left alone. Directories are removed through"
                    + " descriptors that never follow a symbolic link. Objects of a process that still runs are kept"
                    + " unless --force is given."
        })
final class CleanCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Only list what would be removed.")
    private boolean dryRun;

    @Option(names = "--force", description = "Also remove objects (of this user) whose creating process still runs.")
    private boolean force;

    @Option(
            names = "--results-dir",
            paramLabel = "DIR",
            description = "Where run directories are, to find the .work/ of killed runs (default: results/ next to the"
                    + " launcher).")
    private Path resultsDir;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Found> found = new ArrayList<>(Leftovers.scan());
        found.addAll(runScratch(resultsDir != null ? resultsDir : Main.home().resolve("results")));
        int removed = 0;
        int kept = 0;
        int foreign = 0;
        int failed = 0;
        for (Found f : found) {
            if (f.disposition() == Disposition.NOT_OURS) {
                out.printf("not ours %-12s %s (%s): left alone%n", f.kind(), f.name(), f.detail());
                foreign++;
            } else if (f.disposition() == Disposition.IN_USE && !force) {
                out.printf("kept     %-12s %s (%s)%n", f.kind(), f.name(), f.detail());
                kept++;
            } else {
                try {
                    if (!dryRun) {
                        f.remove();
                    }
                    out.printf("%s %-12s %s (%s)%n", dryRun ? "would rm" : "removed ", f.kind(), f.name(), f.detail());
                    removed++;
                } catch (RuntimeException e) {
                    out.printf("FAILED   %-12s %s: %s%n", f.kind(), f.name(), e.getMessage());
                    failed++;
                }
            }
        }
        out.printf(
                "%d object(s) %s, %d kept, %d not ours%s.%n",
                removed,
                dryRun ? "would be removed" : "removed",
                kept,
                foreign,
                failed > 0 ? ", " + failed + " could not be removed" : "");
        return failed > 0 ? ExitCodes.ENVIRONMENT : ExitCodes.OK;
    }

    /** The scratch directories ({@code .work/}) of the runs under {@code results}, judged by the run's writer. */
    private static List<Found> runScratch(Path results) {
        List<Found> found = new ArrayList<>();
        if (!Files.isDirectory(results, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (Stream<Path> runs = Files.list(results)) {
            for (Path run : runs.toList()) {
                if (Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)
                        && Files.exists(run.resolve(RunDirectory.WORK_DIR), LinkOption.NOFOLLOW_LINKS)) {
                    found.add(Leftovers.examine(
                            run, RunDirectory.WORK_DIR, "run-scratch", true, RunDirectory.writerPid(run)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + results, e);
        }
        return found;
    }
}
