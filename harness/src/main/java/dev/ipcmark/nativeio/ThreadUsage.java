package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What one thread has cost so far: CPU time split into user and system, context switches (voluntary: it blocked;
 * involuntary: it was preempted) and page faults (minor: mapped without I/O; major: with). The calling thread's come
 * from {@code getrusage(RUSAGE_THREAD)} (microsecond times); another process's thread's from
 * {@code /proc/PID/task/TID/stat} and {@code status} (times in clock ticks, 10 ms here).
 *
 * @param userNs CPU time in user mode
 * @param systemNs CPU time in the kernel
 * @param voluntarySwitches context switches because the thread waited
 * @param involuntarySwitches context switches because the scheduler preempted it
 * @param minorFaults page faults served without I/O
 * @param majorFaults page faults that needed I/O
 */
public record ThreadUsage(
        long userNs,
        long systemNs,
        long voluntarySwitches,
        long involuntarySwitches,
        long minorFaults,
        long majorFaults) {

    /** Nothing yet; the start of a sum. */
    public static final ThreadUsage ZERO = new ThreadUsage(0, 0, 0, 0, 0, 0);

    private static final int RUSAGE_THREAD = 1;
    private static final long SYS_GETTID = 186;
    // struct rusage on x86-64: two timevals, then fourteen longs.
    private static final long RUSAGE_BYTES = 144;
    private static final long MINFLT = 64;
    private static final long MAJFLT = 72;
    private static final long NVCSW = 128;
    private static final long NIVCSW = 136;
    // USER_HZ, the unit of /proc's CPU times; 100 on every Linux ABI that matters.
    private static final long NS_PER_TICK = 10_000_000;

    private static final class Getrusage {
        static final MethodHandle HANDLE =
                Libc.withErrno("getrusage", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class Gettid {
        static final MethodHandle HANDLE = Libc.plain("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    }

    /** The calling thread's usage so far. */
    public static ThreadUsage self() {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(RUSAGE_BYTES, 8);
            if ((int) Getrusage.HANDLE.invokeExact(state, RUSAGE_THREAD, r) != 0) {
                throw Libc.failure("getrusage", "RUSAGE_THREAD", state);
            }
            return new ThreadUsage(
                    r.get(JAVA_LONG, 0) * 1_000_000_000L + r.get(JAVA_LONG, 8) * 1000,
                    r.get(JAVA_LONG, 16) * 1_000_000_000L + r.get(JAVA_LONG, 24) * 1000,
                    r.get(JAVA_LONG, NVCSW),
                    r.get(JAVA_LONG, NIVCSW),
                    r.get(JAVA_LONG, MINFLT),
                    r.get(JAVA_LONG, MAJFLT));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The calling thread's kernel thread id, which names it under {@code /proc/PID/task}. */
    public static long currentTid() {
        try {
            return (long) Gettid.HANDLE.invokeExact(SYS_GETTID);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Thread {@code tid} of process {@code pid}, or empty when it is gone or unreadable. */
    public static Optional<ThreadUsage> of(long pid, long tid) {
        Path task = Path.of("/proc", Long.toString(pid), "task", Long.toString(tid));
        Optional<String> stat = KernelFiles.read(task.resolve("stat"));
        Optional<String> status = KernelFiles.read(task.resolve("status"));
        if (stat.isEmpty() || status.isEmpty()) {
            return Optional.empty();
        }
        // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
        String[] f = stat.get().substring(stat.get().lastIndexOf(')') + 2).split(" ");
        // After the name: state(3) ppid … minflt(10) cminflt majflt(12) cmajflt utime(14) stime(15).
        return Optional.of(new ThreadUsage(
                Long.parseLong(f[11]) * NS_PER_TICK,
                Long.parseLong(f[12]) * NS_PER_TICK,
                field(status.get(), "voluntary_ctxt_switches:"),
                field(status.get(), "nonvoluntary_ctxt_switches:"),
                Long.parseLong(f[7]),
                Long.parseLong(f[9])));
    }

    /** What was used between {@code earlier} and this. */
    public ThreadUsage minus(ThreadUsage earlier) {
        return new ThreadUsage(
                userNs - earlier.userNs,
                systemNs - earlier.systemNs,
                voluntarySwitches - earlier.voluntarySwitches,
                involuntarySwitches - earlier.involuntarySwitches,
                minorFaults - earlier.minorFaults,
                majorFaults - earlier.majorFaults);
    }

    /** The sum of this and {@code other}. */
    public ThreadUsage plus(ThreadUsage other) {
        return new ThreadUsage(
                userNs + other.userNs,
                systemNs + other.systemNs,
                voluntarySwitches + other.voluntarySwitches,
                involuntarySwitches + other.involuntarySwitches,
                minorFaults + other.minorFaults,
                majorFaults + other.majorFaults);
    }

    private static long field(String status, String name) {
        return status.lines()
                .filter(l -> l.startsWith(name))
                .map(l -> Long.parseLong(l.substring(name.length()).strip()))
                .findFirst()
                .orElse(0L);
    }
}
