package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Cross-memory attach: {@code process_vm_writev(2)} copies bytes of this process straight into another process's
 * memory, one copy where a pipe or a socket makes two. The kernel allows it where {@code ptrace} would be allowed (same
 * user, and Yama's {@code ptrace_scope} permitting). An instance owns its two {@code struct iovec}s and belongs to one
 * thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class CrossMemory {
    private static final long IOVEC_BYTES = 16;

    private static final MethodHandle PROCESS_VM_WRITEV = Libc.withErrno(
            "process_vm_writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG));

    private final MemorySegment local = Arena.ofAuto().allocate(IOVEC_BYTES, 8);
    private final MemorySegment remote = Arena.ofAuto().allocate(IOVEC_BYTES, 8);

    /** Copies all of {@code from} (native memory) to {@code remoteAddress} in process {@code pid}. */
    public void write(long pid, MemorySegment from, long remoteAddress) {
        long length = from.byteSize();
        long done = 0;
        MemorySegment state = Libc.state();
        try {
            while (done < length) {
                // Addresses as numbers: no slice object per message on the measured path.
                local.set(JAVA_LONG, 0, from.address() + done);
                local.set(JAVA_LONG, 8, length - done);
                remote.set(JAVA_LONG, 0, remoteAddress + done);
                remote.set(JAVA_LONG, 8, length - done);
                long n = (long) PROCESS_VM_WRITEV.invokeExact(state, (int) pid, local, 1L, remote, 1L, 0L);
                if (n <= 0) {
                    throw Libc.failure("process_vm_writev", "pid " + pid + ", " + (length - done) + " bytes", state);
                }
                done += n;
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
