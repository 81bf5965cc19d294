package dev.ipcmark.cli;

import dev.ipcmark.transport.Leftovers;
import java.nio.file.Path;

/**
 * This process's own temporary directory, where JMH puts its scratch files (fork output, compiler hints). JMH creates
 * them in {@code java.io.tmpdir} and deletes them only at a normal exit, and the JDK reads that property once, at
 * start-up; so the launcher makes a private directory named like every ipcmark object ({@code ipcmark-<pid>-<random>},
 * 0700, with the JVM's own PID, since it execs the JVM) and starts the JVM with {@code java.io.tmpdir} pointing at
 * it. This class adopts that directory: it is removed at exit, and after a SIGKILL {@code ipcmark clean} finds it by
 * its name and removes it, JMH's files with it.
 */
final class SessionTemp {
    private SessionTemp() {}

    /** Registers {@code java.io.tmpdir} for removal at exit when it is this process's session directory. */
    static void adopt() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path name = dir.getFileName();
        boolean ours = name != null
                && Leftovers.ownerOf(name.toString())
                        .filter(pid -> pid == ProcessHandle.current().pid())
                        .isPresent();
        if (ours && dir.getParent() != null) {
            Leftovers.register(
                    "session directory " + dir, () -> Leftovers.removeTree(dir.getParent(), name.toString()));
        }
    }
}
