import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * The Java half of reference/compare-syscall: one write(2) and one read(2) of 64 bytes through a pipe in one thread,
 * called through the FFM API the way ipcmark calls them (errno captured), with the buffer from a shared arena or an
 * automatic one; or syscallcost.c's own loop called once from this JVM ("c-in-jvm"), which times the kernel's side of
 * the pair in a multi-threaded process without any Java on the path. "ffm-own-table" is ffm-auto in a thread that
 * first took a private copy of the process's descriptor table (unshare(CLONE_FILES)): the kernel's fast path for a
 * table no other thread shares, which a single-threaded C program always has. "ffm-no-kernel" makes the same two
 * downcalls per pair to a libc function that does not enter the kernel (labs): what the FFM transition itself costs.
 * Prints nanoseconds per pair (median of five rounds of a million after two warm-up rounds).
 * Usage: java --enable-native-access=ALL-UNNAMED SyscallCost.java LIBRARY
 * ffm-shared|ffm-auto|ffm-own-table|ffm-no-kernel|c-in-jvm
 */
public class SyscallCost {
    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        SymbolLookup own = SymbolLookup.libraryLookup(args[0], Arena.global());
        String mode = args[1];
        FunctionDescriptor transfer = FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MethodHandle read = linker.downcallHandle(libc.find("read").orElseThrow(), transfer, errno);
        MethodHandle write = linker.downcallHandle(libc.find("write").orElseThrow(), transfer, errno);
        MethodHandle labs = linker.downcallHandle(
                libc.find("labs").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                errno);
        MethodHandle pipe = linker.downcallHandle(
                libc.find("pipe").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle pairs = linker.downcallHandle(
                own.find("pairs").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_DOUBLE,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG));
        if (mode.equals("ffm-own-table")) {
            MethodHandle unshare = linker.downcallHandle(
                    libc.find("unshare").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int cloneFiles = 0x400;
            if ((int) unshare.invokeExact(cloneFiles) != 0) {
                throw new IllegalStateException("unshare(CLONE_FILES) failed");
            }
        }
        Arena arena = mode.equals("ffm-shared") ? Arena.ofShared() : Arena.ofAuto();
        MemorySegment fds = arena.allocate(8);
        if ((int) pipe.invokeExact(fds) != 0) {
            throw new IllegalStateException("pipe failed");
        }
        int rfd = fds.get(ValueLayout.JAVA_INT, 0);
        int wfd = fds.get(ValueLayout.JAVA_INT, 4);
        MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
        MemorySegment buffer = arena.allocate(64, 64);
        double[] ns = new double[7];
        for (int r = 0; r < ns.length; r++) {
            int count = 1_000_000;
            if (mode.equals("c-in-jvm")) {
                ns[r] = (double) pairs.invokeExact(rfd, wfd, buffer, (long) count);
                continue;
            }
            long start = System.nanoTime();
            if (mode.equals("ffm-no-kernel")) {
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += (long) labs.invokeExact(state, (long) -i);
                    sum += (long) labs.invokeExact(state, (long) i);
                }
                ns[r] = (System.nanoTime() - start) / (double) count;
                if (sum == 42) {
                    System.out.print("");
                }
                continue;
            }
            for (int i = 0; i < count; i++) {
                long w = (long) write.invokeExact(state, wfd, buffer, 64L);
                long n = (long) read.invokeExact(state, rfd, buffer, 64L);
                if (w != 64 || n != 64) {
                    throw new IllegalStateException("short transfer");
                }
            }
            ns[r] = (System.nanoTime() - start) / (double) count;
        }
        double[] measured = Arrays.copyOfRange(ns, 2, ns.length);
        Arrays.sort(measured);
        System.out.printf("%.1f%n", measured[measured.length / 2]);
    }
}
