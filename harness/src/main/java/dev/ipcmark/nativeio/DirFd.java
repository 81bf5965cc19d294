package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * An open directory descriptor, and the {@code *at} calls that work relative to it ({@code openat}, {@code statx},
 * {@code unlinkat}, {@code getdents64}). Walking a tree through descriptors opened with {@code O_NOFOLLOW} cannot be
 * redirected: once a directory is open, renaming or swapping it for a symlink changes nothing about which inode the
 * walk is in, and a symlink met on the way is removed as a link, never entered. {@code clean} deletes only this way.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class DirFd implements AutoCloseable {
    /** File type bits of a mode. */
    public static final int S_IFMT = 0170000;
    /** A directory. */
    public static final int S_IFDIR = 0040000;
    /** A regular file. */
    public static final int S_IFREG = 0100000;
    /** A symbolic link. */
    public static final int S_IFLNK = 0120000;

    private static final boolean ARM64 =
            System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).equals("aarch64");
    // The two flags whose values differ between x86-64 and arm64 (asm-generic vs arch headers).
    private static final int O_DIRECTORY = ARM64 ? 040000 : 0200000;
    private static final int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;

    // struct statx (linux/stat.h): the same on every architecture, unlike struct stat.
    private static final long STATX_BYTES = 256;
    private static final long STX_UID = 20;
    private static final long STX_MODE = 28;
    private static final long STX_SIZE = 40;
    private static final long STX_CTIME_SEC = 96;
    private static final long STX_MTIME_SEC = 112;
    // struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[].
    private static final long DIRENT_RECLEN = 16;
    private static final long DIRENT_NAME = 19;
    private static final int DENTS_BUFFER = 32 * 1024;

    private static final class Openat {
        static final MethodHandle HANDLE = Libc.withErrno(
                "openat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(3));
    }

    private static final class Statx {
        static final MethodHandle HANDLE = Libc.withErrno(
                "statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class Unlinkat {
        static final MethodHandle HANDLE =
                Libc.withErrno("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Getdents64 {
        static final MethodHandle HANDLE =
                Libc.withErrno("getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class Geteuid {
        static final MethodHandle HANDLE = Libc.plain("geteuid", FunctionDescriptor.of(JAVA_INT));
    }

    private final int fd;
    private final String path;
    private boolean closed;

    private DirFd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * What {@code statx} says of one file, without following a link.
     *
     * @param type the file type bits ({@link #S_IFDIR}, {@link #S_IFREG}, {@link #S_IFLNK} …)
     * @param permissions the permission bits, e.g. {@code 0600}
     * @param uid the owner
     * @param bytes the size
     * @param changedEpochSeconds the inode's last change time
     * @param modifiedEpochSeconds the last modification time
     */
    public record Stat(
            int type, int permissions, long uid, long bytes, long changedEpochSeconds, long modifiedEpochSeconds) {
        /** Whether it is a directory (not a link to one). */
        public boolean isDirectory() {
            return type == S_IFDIR;
        }

        /** Whether it is a regular file (not a link to one). */
        public boolean isRegularFile() {
            return type == S_IFREG;
        }

        /** The permission bits in octal, as {@code ls} thinks of them: {@code 0600}. */
        public String octal() {
            return String.format(Locale.ROOT, "%04o", permissions);
        }
    }

    /** This process's effective user id: the owner of everything it creates. */
    public static long effectiveUid() {
        try {
            return Integer.toUnsignedLong((int) Geteuid.HANDLE.invokeExact());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Opens the directory {@code path}; fails (ELOOP or ENOTDIR) when its last component is a symlink or not a
     * directory. Links in the components above it are followed: the caller names those.
     */
    public static DirFd open(String path) {
        return new DirFd(openAt(AT_FDCWD, path, path), path);
    }

    /** Opens the directory {@code name} inside this one, refusing a symlink; the returned descriptor is the caller's. */
    public DirFd openChild(String name) {
        checkName(name);
        return new DirFd(openAt(fd, name, path + "/" + name), path + "/" + name);
    }

    private static int openAt(int dirFd, String name, String shown) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            int opened = (int) Openat.HANDLE.invokeExact(
                    state, dirFd, arena.allocateFrom(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (opened < 0) {
                throw Libc.failure("openat", shown, state);
            }
            return opened;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** What this open directory is: the inode the descriptor holds, whatever its name is now. */
    public Stat stat() {
        return statAt("", AT_EMPTY_PATH, path);
    }

    /** What the entry {@code name} of this directory is, without following it if it is a link. */
    public Stat statChild(String name) {
        checkName(name);
        return statAt(name, AT_SYMLINK_NOFOLLOW, path + "/" + name);
    }

    private Stat statAt(String name, int flags, String shown) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(STATX_BYTES, 8);
            if ((int) Statx.HANDLE.invokeExact(state, fd, arena.allocateFrom(name), flags, STATX_BASIC_STATS, buffer)
                    != 0) {
                throw Libc.failure("statx", shown, state);
            }
            int mode = Short.toUnsignedInt(buffer.get(JAVA_SHORT, STX_MODE));
            return new Stat(
                    mode & S_IFMT,
                    mode & 07777,
                    Integer.toUnsignedLong(buffer.get(JAVA_INT, STX_UID)),
                    buffer.get(JAVA_LONG, STX_SIZE),
                    buffer.get(JAVA_LONG, STX_CTIME_SEC),
                    buffer.get(JAVA_LONG, STX_MTIME_SEC));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The names in this directory, {@code .} and {@code ..} left out. */
    public List<String> list() {
        List<String> names = new ArrayList<>();
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(DENTS_BUFFER, 8);
            while (true) {
                long n = (long) Getdents64.HANDLE.invokeExact(state, fd, buffer, (long) DENTS_BUFFER);
                if (n < 0) {
                    throw Libc.failure("getdents64", path, state);
                }
                if (n == 0) {
                    return names;
                }
                for (long at = 0; at < n; ) {
                    int length = Short.toUnsignedInt(buffer.get(JAVA_SHORT, at + DIRENT_RECLEN));
                    String name = cString(buffer.asSlice(at + DIRENT_NAME, length - DIRENT_NAME));
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    at += length;
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static String cString(MemorySegment bytes) {
        int end = 0;
        while (end < bytes.byteSize() && bytes.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        return new String(bytes.asSlice(0, end).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** Removes the entry {@code name} of this directory: a file or link as itself, an empty directory with rmdir. */
    public void unlinkChild(String name, boolean directory) {
        checkName(name);
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            if ((int) Unlinkat.HANDLE.invokeExact(state, fd, arena.allocateFrom(name), directory ? AT_REMOVEDIR : 0)
                    != 0) {
                throw Libc.failure("unlinkat", path + "/" + name, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Removes {@code name} (a directory of this one) and everything under it, never leaving the tree: every directory
     * is entered through a descriptor opened with {@code O_NOFOLLOW}, every other entry (symlinks included) is unlinked
     * as itself. An entry that is gone already is no error; a directory swapped for a link while the walk runs is
     * unlinked as a link. Returns how many entries were removed.
     */
    public long removeTree(String name) {
        return removeTree(name, s -> Optional.empty());
    }

    /**
     * As {@link #removeTree(String)}, but first asks {@code vet} about the directory actually opened (not about
     * whatever the name pointed at a moment earlier): when it answers with a reason, nothing is removed and
     * {@link IllegalStateException} says why.
     */
    public long removeTree(String name, Function<Stat, Optional<String>> vet) {
        long removed = 0;
        DirFd child;
        try {
            child = openChild(name);
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return 0;
            }
            if (e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) {
                // Not a directory (any more): a link or a file is removed as itself.
                return unlinkQuietly(name, false);
            }
            throw e;
        }
        try (child) {
            Optional<String> refusal = vet.apply(child.stat());
            if (refusal.isPresent()) {
                throw new IllegalStateException(child.path + ": " + refusal.get() + "; left alone");
            }
            for (String entry : child.list()) {
                Stat s;
                try {
                    s = child.statChild(entry);
                } catch (NativeException e) {
                    if (e.errno() == Errno.ENOENT) {
                        continue;
                    }
                    throw e;
                }
                removed += s.isDirectory() ? child.removeTree(entry) : child.unlinkQuietly(entry, false);
            }
        }
        try {
            return removed + unlinkQuietly(name, true);
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOTEMPTY) {
                throw new NativeException(
                        "unlinkat", path + "/" + name + " (something was added while removing it)", e.errno());
            }
            throw e;
        }
    }

    private long unlinkQuietly(String name, boolean directory) {
        try {
            unlinkChild(name, directory);
            return 1;
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return 0;
            }
            if (directory && e.errno() == Errno.ENOTDIR) {
                // Swapped for a link or a file after it was emptied: remove that, not what it points to.
                return unlinkQuietly(name, false);
            }
            throw e;
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a single directory entry name");
        }
    }

    /** The path this directory was opened by (for messages; it may have been renamed since). */
    public String path() {
        return path;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Fd.close(fd);
        }
    }
}
