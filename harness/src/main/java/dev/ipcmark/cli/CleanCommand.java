package dev.ipcmark.cli;

import dev.ipcmark.transport.Leftovers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipcmark clean}: removes IPC objects left by ipcmark processes that died without cleaning up. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description = {
            "Remove ipcmark's leftover IPC objects (POSIX shared memory in /dev/shm, private directories holding socket"
                    + " files and FIFOs) whose creating process is gone, e.g. after a SIGKILL.",
            "Only objects named by ipcmark (ipcmark-<pid>-<random>) are touched; objects of a process that still runs"
                    + " are kept unless --force is given."
        })
final class CleanCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Only list what would be removed.")
    private boolean dryRun;

    @Option(names = "--force", description = "Also remove objects whose creating process still runs.")
    private boolean force;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<Leftovers.Found> found = Leftovers.scan();
        int removed = 0;
        int kept = 0;
        for (Leftovers.Found f : found) {
            if (f.ownerAlive() && !force) {
                out.printf("kept     %-12s %s (process %d still runs)%n", f.kind(), f.name(), f.ownerPid());
                kept++;
                continue;
            }
            if (!dryRun) {
                f.remove();
            }
            out.printf("%s %-12s %s%n", dryRun ? "would rm" : "removed ", f.kind(), f.name());
            removed++;
        }
        out.printf("%d object(s) %s, %d kept.%n", removed, dryRun ? "would be removed" : "removed", kept);
        return ExitCodes.OK;
    }
}
