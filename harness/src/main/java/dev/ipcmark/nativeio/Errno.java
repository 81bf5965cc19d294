package dev.ipcmark.nativeio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/** Errno values ipcmark reacts to, and their symbolic names and texts for error messages. */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** No such process. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** File name too long. */
    public static final int ENAMETOOLONG = 36;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Identifier removed (a System V object was deleted while waited on). */
    public static final int EIDRM = 43;
    /** No message of the desired type (System V, with IPC_NOWAIT). */
    public static final int ENOMSG = 42;
    /** Input/output error. */
    public static final int EIO = 5;
    /** Timed out. */
    public static final int ETIMEDOUT = 110;
    /** The holder of a robust mutex died holding it. */
    public static final int EOWNERDEAD = 130;
    /** Function not implemented. */
    public static final int ENOSYS = 38;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Directory not empty. */
    public static final int ENOTEMPTY = 39;
    /** Too many levels of symbolic links (also: O_NOFOLLOW met a link). */
    public static final int ELOOP = 40;
    /** Address already in use. */
    public static final int EADDRINUSE = 98;
    /** Connection refused. */
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"),
            Map.entry(ENOENT, "ENOENT"),
            Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"),
            Map.entry(EIO, "EIO"),
            Map.entry(9, "EBADF"),
            Map.entry(EAGAIN, "EAGAIN"),
            Map.entry(12, "ENOMEM"),
            Map.entry(EACCES, "EACCES"),
            Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"),
            Map.entry(EEXIST, "EEXIST"),
            Map.entry(EINVAL, "EINVAL"),
            Map.entry(ENOTDIR, "ENOTDIR"),
            Map.entry(23, "ENFILE"),
            Map.entry(24, "EMFILE"),
            Map.entry(ENOSPC, "ENOSPC"),
            Map.entry(EROFS, "EROFS"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY"),
            Map.entry(ELOOP, "ELOOP"),
            Map.entry(EADDRINUSE, "EADDRINUSE"),
            Map.entry(32, "EPIPE"),
            Map.entry(ENAMETOOLONG, "ENAMETOOLONG"),
            Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(EMSGSIZE, "EMSGSIZE"),
            Map.entry(ENOMSG, "ENOMSG"),
            Map.entry(EIDRM, "EIDRM"),
            Map.entry(104, "ECONNRESET"),
            Map.entry(ETIMEDOUT, "ETIMEDOUT"),
            Map.entry(EOWNERDEAD, "EOWNERDEAD"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED"));

    private static final class Strerror {
        static final MethodHandle HANDLE =
                Libc.plain("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private Errno() {}

    /** {@code "EEXIST (File exists)"}: the symbolic name and the C library's text for {@code errno}. */
    public static String describe(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno) + " (" + text(errno) + ")";
    }

    private static String text(int errno) {
        try {
            MemorySegment s = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            // strerror's buffer is static; copy it out at once.
            return s.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "no text";
        }
    }
}
