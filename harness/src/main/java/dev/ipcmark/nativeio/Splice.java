package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code vmsplice(2)} into a pipe: the kernel takes references to the caller's pages instead of copying them, so the
 * reader's {@code read(2)} is the only copy. The pages stay the pipe's until they are read: the caller must not change
 * them before then. A non-blocking pipe ({@code O_NONBLOCK}) does not block here either. An instance owns its {@code
 * struct iovec} and belongs to one thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Splice {
    private static final MethodHandle VMSPLICE =
            Libc.withErrno("vmsplice", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private final MemorySegment iovec = Arena.ofAuto().allocate(16, 8);

    /**
     * Hands up to {@code bytes} of {@code from} (native memory) at {@code offset} to the pipe {@code fd}; returns how
     * many it took, or -1 when a non-blocking pipe is full (EAGAIN). Retries on EINTR.
     */
    public long give(int fd, MemorySegment from, long offset, long bytes) {
        // Addresses as numbers: no slice object per message on the measured path.
        iovec.set(JAVA_LONG, 0, from.address() + offset);
        iovec.set(JAVA_LONG, 8, bytes);
        MemorySegment state = Libc.state();
        try {
            while (true) {
                long n = (long) VMSPLICE.invokeExact(state, fd, iovec, 1L, 0);
                if (n >= 0) {
                    return n;
                }
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure("vmsplice", "fd " + fd, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
