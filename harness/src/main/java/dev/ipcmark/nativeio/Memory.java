package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bulk copies between native segments at libc's speed. {@link MemorySegment#copy} moves off-heap bytes word by word
 * (it must keep accesses atomic), which runs at half of glibc's vectorised {@code memcpy} for large payloads; a
 * critical downcall (no thread-state transition) costs a few nanoseconds, so it pays from {@link #LIBC_FROM_BYTES}.
 * Where that starts depends on where the bytes are: with both buffers in this core's cache, Java's copy is faster up to
 * 8 KiB (21.6 against 39.2 ns at 4 KiB, one run on this project's VM), but a message in shared memory was just written
 * by the other core, and there memcpy's wide loads win: a 4 KiB shm spin round trip, four such copies, went from 1.20×
 * to 1.03× of the same protocol in C (reference/compare-spin, 5 and 3 interleaved rounds).
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Memory {
    /** Copies at least this long go to libc's memcpy; shorter ones stay in Java, where they are cheaper. */
    public static final long LIBC_FROM_BYTES = 4 * 1024;

    private static final MethodHandle MEMCPY = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("memcpy").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG),
                    Linker.Option.critical(false));

    /** {@code madvise} advice: back the range with transparent huge pages where the kernel allows. */
    public static final int MADV_HUGEPAGE = 14;

    /** {@code madvise} advice: never back the range with transparent huge pages. */
    public static final int MADV_NOHUGEPAGE = 15;

    private static final class Madvise {
        static final MethodHandle HANDLE =
                Libc.withErrno("madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private Memory() {}

    /** Gives the kernel {@code advice} about {@code range} (page-aligned), e.g. {@link #MADV_HUGEPAGE}. */
    public static void advise(MemorySegment range, int advice) {
        MemorySegment state = Libc.state();
        try {
            if ((int) Madvise.HANDLE.invokeExact(state, range, range.byteSize(), advice) != 0) {
                throw Libc.failure("madvise", "advice " + advice + " on " + range.byteSize() + " bytes", state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Copies {@code bytes} from {@code src} at {@code srcOffset} to {@code dst} at {@code dstOffset}; bounds-checked. */
    public static void copy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        if (bytes < LIBC_FROM_BYTES || !src.isNative() || !dst.isNative()) {
            MemorySegment.copy(src, srcOffset, dst, dstOffset, bytes);
            return;
        }
        // asSlice checks bounds and liveness; memcpy must never see an address outside either segment.
        MemorySegment from = src.asSlice(srcOffset, bytes);
        MemorySegment to = dst.asSlice(dstOffset, bytes);
        try {
            MemorySegment ignored = (MemorySegment) MEMCPY.invokeExact(to, from, bytes);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
