package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/** CPU affinity of the calling thread ({@code sched_getaffinity}, {@code sched_setaffinity}). */
public final class Affinity {
    // glibc's cpu_set_t: 1024 bits.
    private static final long CPU_SET_BYTES = 128;

    private static final class Get {
        static final MethodHandle HANDLE =
                Libc.withErrno("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }

    private static final class Set {
        static final MethodHandle HANDLE =
                Libc.withErrno("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }

    private Affinity() {}

    /** The CPUs the calling thread may run on, ascending. */
    public static List<Integer> allowedCpus() {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES);
            if ((int) Get.HANDLE.invokeExact(state, 0, CPU_SET_BYTES, set) != 0) {
                throw Libc.failure("sched_getaffinity", "self", state);
            }
            List<Integer> cpus = new ArrayList<>();
            for (int cpu = 0; cpu < CPU_SET_BYTES * 8; cpu++) {
                if ((set.get(JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) {
                    cpus.add(cpu);
                }
            }
            return cpus;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Pins the calling thread (not the whole process) to {@code cpu}. */
    public static void pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("cpu " + cpu + " is outside 0.." + (CPU_SET_BYTES * 8 - 1));
        }
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES);
            set.set(JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            if ((int) Set.HANDLE.invokeExact(state, 0, CPU_SET_BYTES, set) != 0) {
                throw Libc.failure("sched_setaffinity", "cpu " + cpu, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
