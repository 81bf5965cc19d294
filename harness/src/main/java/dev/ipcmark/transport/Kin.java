package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which processes an ipcmark process may reach into (write into their memory, take their descriptors): only its own
 * kin, checked on every PID read from shared memory, and only where Yama's {@code ptrace_scope} lets a peer reach its
 * parent at all.
 */
final class Kin {
    private static final Path PTRACE_SCOPE = Path.of("/proc/sys/kernel/yama/ptrace_scope");

    private Kin() {}

    /** Why the peer may not {@code reach} into its parent here (e.g. "write into the memory of"), if it may not. */
    static Optional<Support> refusedByYama(String reach) {
        return KernelFiles.read(PTRACE_SCOPE)
                .map(String::strip)
                .filter(scope -> !scope.equals("0"))
                .map(scope -> Support.no("Yama's ptrace_scope is " + scope + " (" + PTRACE_SCOPE + "): the peer may"
                        + " not " + reach + " its parent; ptrace_scope 0 allows it"));
    }

    /** Whether {@code pid} is this process or its parent. */
    static boolean selfOrParent(long pid) {
        ProcessHandle self = ProcessHandle.current();
        return pid == self.pid() || self.parent().map(ProcessHandle::pid).orElse(-1L) == pid;
    }

    /** Whether {@code pid} is this process, its parent or its child. */
    static boolean selfParentOrChild(long pid) {
        return selfOrParent(pid)
                || ProcessHandle.of(pid)
                                .flatMap(ProcessHandle::parent)
                                .map(ProcessHandle::pid)
                                .orElse(-1L)
                        == ProcessHandle.current().pid();
    }
}
