package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** File-descriptor calls: close and ftruncate. */
public final class Fd {
    private static final MethodHandle CLOSE = Libc.withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FTRUNCATE =
            Libc.withErrno("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));

    private Fd() {}

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
            if ((int) FTRUNCATE.invokeExact(state, fd, bytes) != 0) {
                throw Libc.failure("ftruncate", fd + ", " + bytes, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
