package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** {@code struct timespec} buffers for timed waits: absolute CLOCK_REALTIME deadlines and relative timeouts. */
final class Timespec {
    private static final int CLOCK_REALTIME = 0;
    private static final StructLayout LAYOUT =
            MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    private static final MethodHandle CLOCK_GETTIME =
            Libc.plain("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private Timespec() {}

    /** A buffer owned by {@code arena}: allocate once, not per wait. */
    static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** Sets {@code timespec} to now plus {@code waitMs} on CLOCK_REALTIME (what mq_timedsend and sem_timedwait take). */
    static void setDeadline(MemorySegment timespec, long waitMs) {
        try {
            int ignored = (int) CLOCK_GETTIME.invokeExact(CLOCK_REALTIME, timespec);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        long nanos = timespec.get(JAVA_LONG, 8) + waitMs * 1_000_000L;
        timespec.set(JAVA_LONG, 0, timespec.get(JAVA_LONG, 0) + nanos / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
    }

    /** Sets {@code timespec} to a relative {@code waitMs} (what FUTEX_WAIT takes). */
    static void setRelative(MemorySegment timespec, long waitMs) {
        timespec.set(JAVA_LONG, 0, waitMs / 1000);
        timespec.set(JAVA_LONG, 8, (waitMs % 1000) * 1_000_000L);
    }
}
