package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Taking a copy of another process's descriptor: {@code pidfd_open(2)} and {@code pidfd_getfd(2)} (Linux 5.6), through
 * {@code syscall(2)} so that an older libc without their wrappers does not matter. The kernel allows it where {@code
 * ptrace} would be allowed (same user, Yama permitting). How an object without a name (an eventfd) reaches a peer that
 * did not inherit it.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class ProcessFds {
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;

    private static final class PidfdOpen {
        static final MethodHandle HANDLE = Libc.withErrno(
                "syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
    }

    private static final class PidfdGetfd {
        static final MethodHandle HANDLE = Libc.withErrno(
                "syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
    }

    private ProcessFds() {}

    /** A copy, in this process, of descriptor {@code fd} of process {@code pid} (close-on-exec). */
    public static int copy(long pid, int fd) {
        var state = Libc.state();
        try {
            long pidfd = (long) PidfdOpen.HANDLE.invokeExact(state, SYS_PIDFD_OPEN, pid, 0L);
            if (pidfd < 0) {
                throw Libc.failure("pidfd_open", "pid " + pid, state);
            }
            try {
                long copy = (long) PidfdGetfd.HANDLE.invokeExact(state, SYS_PIDFD_GETFD, pidfd, (long) fd, 0L);
                if (copy < 0) {
                    throw Libc.failure("pidfd_getfd", "pid " + pid + " fd " + fd, state);
                }
                return (int) copy;
            } finally {
                Fd.close((int) pidfd);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** What descriptor {@code fd} of this process is, as /proc shows it: {@code anon_inode:[eventfd]}, a path … */
    public static String describe(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
