package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Anonymous memory files ({@code memfd_create(2)}) and their seals ({@code fcntl F_ADD_SEALS}): a file with no name in
 * any directory, reachable only through a descriptor, which a sealed hand-over lets another process map knowing the
 * sender can no longer change or shrink it.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Memfd {
    /** No further seals may be added. */
    public static final int F_SEAL_SEAL = 1;
    /** The file may not shrink: a mapping of it cannot fault beyond its end. */
    public static final int F_SEAL_SHRINK = 2;
    /** The file may not grow. */
    public static final int F_SEAL_GROW = 4;
    /** Its contents may not change (needs every writable shared mapping gone first). */
    public static final int F_SEAL_WRITE = 8;
    /** Every seal a sealed hand-over sets: the receiver sees exactly the bytes the sender produced, for good. */
    public static final int SEALED = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

    private static final int MFD_CLOEXEC = 1;
    private static final int MFD_ALLOW_SEALING = 2;
    private static final int F_ADD_SEALS = 1033;
    private static final int F_GET_SEALS = 1034;
    private static final int SEEK_END = 2;
    private static final int PROT_READ = 1;
    private static final int MAP_SHARED = 1;
    private static final long MAP_FAILED = -1L;

    private static final MethodHandle MEMFD_CREATE =
            Libc.withErrno("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LSEEK =
            Libc.withErrno("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MMAP = Libc.withErrno(
            "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));

    // The name only labels the file in /proc/PID/fd ("memfd:ipcmark"); it is never looked up.
    private static final MemorySegment NAME = Arena.global().allocateFrom("ipcmark");

    private Memfd() {}

    /** A new empty memory file that can be sealed, close-on-exec. */
    public static int create() {
        MemorySegment state = Libc.state();
        try {
            int fd = (int) MEMFD_CREATE.invokeExact(state, NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
            if (fd < 0) {
                throw Libc.failure("memfd_create", "ipcmark", state);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Adds {@code seals} to the memory file {@code fd}. */
    public static void seal(int fd, int seals) {
        Fd.fcntl(fd, F_ADD_SEALS, seals, "fcntl(F_ADD_SEALS)");
    }

    /** The seals of {@code fd}; fails with EINVAL when it is not a memory file (or another sealable file). */
    public static int seals(int fd) {
        return Fd.fcntl(fd, F_GET_SEALS, 0, "fcntl(F_GET_SEALS)");
    }

    /** The size of the file behind {@code fd}. */
    public static long size(int fd) {
        MemorySegment state = Libc.state();
        try {
            long end = (long) LSEEK.invokeExact(state, fd, 0L, SEEK_END);
            if (end < 0) {
                throw Libc.failure("lseek", "fd " + fd, state);
            }
            return end;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Maps the first {@code bytes} of {@code fd} shared and read-only (a write-sealed file can be mapped no other way);
     * closing the mapping unmaps it.
     */
    public static Shm.Mapping mapReadOnly(int fd, long bytes) {
        MemorySegment state = Libc.state();
        try {
            MemorySegment address =
                    (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, bytes, PROT_READ, MAP_SHARED, fd, 0L);
            if (address.address() == MAP_FAILED) {
                throw Libc.failure("mmap", "fd " + fd + ", " + bytes + " bytes, read-only", state);
            }
            return Shm.mapping(address, bytes);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
