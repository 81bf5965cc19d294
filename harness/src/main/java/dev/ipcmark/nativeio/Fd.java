package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** File-descriptor calls: open, read, write, close, ftruncate, fcntl flags and pipe sizes, pipe2 and mkfifo. */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Fd {
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 01;
    /** Open for reading and writing. */
    public static final int O_RDWR = 02;
    /** Non-blocking I/O. */
    public static final int O_NONBLOCK = 04000;
    /** Close on exec: the peer must not inherit what it was not given. */
    public static final int O_CLOEXEC = 02000000;

    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;

    // Calls of the message paths, made with the class (see Libc). open and fcntl are variadic in C; their third
    // argument must be passed as a variadic one.
    private static final MethodHandle CLOSE = Libc.withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = Libc.withErrno(
            "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ =
            Libc.withErrno("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE =
            Libc.withErrno("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PREAD =
            Libc.withErrno("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE =
            Libc.withErrno("pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));

    // Set-up calls, made when first called.
    private static final class Open {
        static final MethodHandle HANDLE = Libc.withErrno(
                "open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }

    private static final class Ftruncate {
        static final MethodHandle HANDLE =
                Libc.withErrno("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    private static final class Pipe2 {
        static final MethodHandle HANDLE = Libc.withErrno("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Mkfifo {
        static final MethodHandle HANDLE = Libc.withErrno("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private Fd() {}

    /** Opens {@code path} with {@code flags} (close-on-exec is always added) and returns the descriptor. */
    public static int open(String path, int flags) {
        return open(path, flags, 0);
    }

    /** Creates the regular file {@code path} (it must not exist) with {@code mode}, open for reading and writing. */
    public static int create(String path, int mode) {
        return open(path, O_RDWR | O_CREAT | O_EXCL, mode);
    }

    private static int open(String path, int flags, int mode) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Open.HANDLE.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, mode);
            if (fd < 0) {
                throw Libc.failure("open", path, state);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** A new anonymous pipe, close-on-exec: {@code [read end, write end]}. */
    public static int[] pipe() {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) Pipe2.HANDLE.invokeExact(state, fds, O_CLOEXEC) != 0) {
                throw Libc.failure("pipe2", "O_CLOEXEC", state);
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Sets the capacity of the pipe behind {@code fd} ({@code F_SETPIPE_SZ}) and returns what the kernel made of it (a
     * power-of-two number of pages, at least {@code bytes}).
     */
    public static int setPipeSize(int fd, int bytes) {
        return fcntl(fd, F_SETPIPE_SZ, bytes, "fcntl(F_SETPIPE_SZ)");
    }

    /** The capacity of the pipe behind {@code fd} ({@code F_GETPIPE_SZ}). */
    public static int pipeSize(int fd) {
        return fcntl(fd, F_GETPIPE_SZ, 0, "fcntl(F_GETPIPE_SZ)");
    }

    /** {@code fcntl(fd, command, argument)}, its result; a failure names the call as {@code name}. */
    static int fcntl(int fd, int command, int argument, String name) {
        MemorySegment state = Libc.state();
        try {
            int result = (int) FCNTL.invokeExact(state, fd, command, argument);
            if (result < 0) {
                throw Libc.failure(name, "fd " + fd + ", " + argument, state);
            }
            return result;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Creates the FIFO {@code path} with {@code mode}; fails if anything exists there. */
    public static void mkfifo(String path, int mode) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            if ((int) Mkfifo.HANDLE.invokeExact(state, arena.allocateFrom(path), mode) != 0) {
                throw Libc.failure("mkfifo", path, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Reads up to {@code bytes} into {@code into} at {@code offset}; returns the count, 0 at end of file, or -1 when a
     * non-blocking descriptor has nothing (EAGAIN). Retries on EINTR.
     */
    public static long read(int fd, MemorySegment into, long offset, long bytes) {
        return transfer(READ, "read", fd, part(into, offset, bytes), bytes);
    }

    /**
     * Writes up to {@code bytes} from {@code from} at {@code offset}; returns the count, or -1 when a non-blocking
     * descriptor is full (EAGAIN). Retries on EINTR.
     */
    public static long write(int fd, MemorySegment from, long offset, long bytes) {
        return transfer(WRITE, "write", fd, part(from, offset, bytes), bytes);
    }

    // The whole segment as it is, the common case: a slice is a new object, which the JIT did not always remove.
    private static MemorySegment part(MemorySegment buffer, long offset, long bytes) {
        return offset == 0 && bytes == buffer.byteSize() ? buffer : buffer.asSlice(offset, bytes);
    }

    private static long transfer(MethodHandle call, String name, int fd, MemorySegment buffer, long bytes) {
        MemorySegment state = Libc.state();
        try {
            while (true) {
                long n = (long) call.invokeExact(state, fd, buffer, bytes);
                if (n >= 0) {
                    return n;
                }
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure(name, "fd " + fd, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Reads exactly {@code into.byteSize()} bytes at file position {@code position} (a short read is an error). */
    public static void readFully(int fd, MemorySegment into, long position) {
        positioned(PREAD, "pread", fd, into, position);
    }

    /** Writes all of {@code from} at file position {@code position}. */
    public static void writeFully(int fd, MemorySegment from, long position) {
        positioned(PWRITE, "pwrite", fd, from, position);
    }

    private static void positioned(MethodHandle call, String name, int fd, MemorySegment buffer, long position) {
        MemorySegment state = Libc.state();
        try {
            long done = 0;
            long length = buffer.byteSize();
            while (done < length) {
                long n = (long) call.invokeExact(state, fd, buffer.asSlice(done), length - done, position + done);
                if (n > 0) {
                    done += n;
                } else if (n == 0) {
                    throw new NativeException(name, "fd " + fd + " ended at " + (position + done), Errno.EIO);
                } else if (Libc.errno(state) != Errno.EINTR) {
                    throw Libc.failure(name, "fd " + fd + " at " + (position + done), state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Switches {@code fd} between blocking and non-blocking mode. */
    public static void setNonBlocking(int fd, boolean nonBlocking) {
        int flags = fcntl(fd, F_GETFL, 0, "fcntl(F_GETFL)");
        fcntl(fd, F_SETFL, nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK, "fcntl(F_SETFL)");
    }

    /** Closes {@code fd}. */
    public static void close(int fd) {
        MemorySegment state = Libc.state();
        try {
            if ((int) CLOSE.invokeExact(state, fd) != 0) {
                throw Libc.failure("close", fd, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Sets the size of the file behind {@code fd} to {@code bytes}. */
    public static void truncate(int fd, long bytes) {
        MemorySegment state = Libc.state();
        try {
            if ((int) Ftruncate.HANDLE.invokeExact(state, fd, bytes) != 0) {
                throw Libc.failure("ftruncate", fd + ", " + bytes, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
