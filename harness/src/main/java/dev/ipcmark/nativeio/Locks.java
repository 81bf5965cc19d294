package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * File locks: {@code flock(2)} (whole file, per open file description), {@code fcntl} record locks (byte ranges, per
 * process) and open-file-description record locks ({@code F_OFD_SETLKW}, byte ranges, per open file description). An
 * instance owns its {@code struct flock} and belongs to one thread. Every lock call waits until it is granted.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Locks {
    private static final int LOCK_SH = 1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_UN = 8;
    private static final int F_SETLKW = 7;
    private static final int F_OFD_SETLKW = 38;
    private static final short F_RDLCK = 0;
    private static final short F_WRLCK = 1;
    private static final short F_UNLCK = 2;
    private static final short SEEK_SET = 0;
    // struct flock on x86-64: l_type (2), l_whence (2), pad, l_start (8) at 8, l_len (8) at 16, l_pid (4) at 24.
    private static final long FLOCK_BYTES = 32;

    private static final MethodHandle FLOCK =
            Libc.withErrno("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = Libc.withErrno(
            "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(2));

    private final MemorySegment lock = Arena.ofAuto().allocate(FLOCK_BYTES, 8);

    /** {@code flock}: an exclusive or shared lock on the whole file. */
    public static void flock(int fd, boolean exclusive) {
        flockCall(fd, exclusive ? LOCK_EX : LOCK_SH);
    }

    /** {@code flock(LOCK_UN)}. */
    public static void funlock(int fd) {
        flockCall(fd, LOCK_UN);
    }

    private static void flockCall(int fd, int operation) {
        MemorySegment state = Libc.state();
        try {
            while ((int) FLOCK.invokeExact(state, fd, operation) != 0) {
                if (Libc.errno(state) != Errno.EINTR) {
                    throw Libc.failure("flock", "fd " + fd + ", op " + operation, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Locks ({@code exclusive} or shared) or, with {@code unlock}, unlocks {@code length} bytes from {@code start}:
     * with {@code ofd}, an open-file-description lock, else a classic per-process record lock.
     */
    public void range(int fd, boolean ofd, long start, long length, boolean exclusive, boolean unlock) {
        lock.set(JAVA_SHORT, 0, unlock ? F_UNLCK : exclusive ? F_WRLCK : F_RDLCK);
        lock.set(JAVA_SHORT, 2, SEEK_SET);
        lock.set(JAVA_LONG, 8, start);
        lock.set(JAVA_LONG, 16, length);
        // OFD locks require l_pid 0.
        lock.set(JAVA_INT, 24, 0);
        MemorySegment state = Libc.state();
        try {
            while ((int) FCNTL.invokeExact(state, fd, ofd ? F_OFD_SETLKW : F_SETLKW, lock) != 0) {
                if (Libc.errno(state) != Errno.EINTR) {
                    throw Libc.failure(ofd ? "fcntl(F_OFD_SETLKW)" : "fcntl(F_SETLKW)", "fd " + fd, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
