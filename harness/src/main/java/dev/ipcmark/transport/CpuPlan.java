package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.CpuPlacement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a case's processes run on this machine: the CPU the measuring thread is pinned to and the one its peer (every
 * fan-in producer) is, -1 for unpinned, from the case's {@code cpus} knob and the CPUs this process may use. {@code
 * smt-siblings} takes the first two allowed CPUs that the kernel lists as hardware threads of one core ({@code
 * topology/thread_siblings_list}); {@code numa-remote} the first two on different NUMA nodes; {@code A+B} those two.
 * Where the machine has no such pair, {@link #check} says why and the case is skipped.
 *
 * @param measuring the measuring thread's CPU, or -1
 * @param peer the peer's CPU, or -1
 */
public record CpuPlan(int measuring, int peer) {
    private static final Path CPUS = Path.of("/sys/devices/system/cpu");

    /** Whether {@code spec}'s placement exists here, and if not, why. */
    public static Support check(CaseSpec spec) {
        return resolve(spec).map(p -> Support.RUNS).orElseGet(() -> Support.no(whyNot(spec)));
    }

    /** The plan of {@code spec}; throws when its placement does not exist here (see {@link #check}). */
    public static CpuPlan of(CaseSpec spec) {
        return resolve(spec).orElseThrow(() -> new TransportException(whyNot(spec)));
    }

    private static Optional<CpuPlan> resolve(CaseSpec spec) {
        List<Integer> allowed = Affinity.allowedCpus();
        int first = allowed.getFirst();
        return switch (CpuPlacement.of(spec)) {
            case SPLIT -> Optional.of(allowed.size() >= 2 ? new CpuPlan(first, allowed.get(1)) : new CpuPlan(-1, -1));
            case SAME -> Optional.of(new CpuPlan(first, first));
            case FREE -> Optional.of(new CpuPlan(-1, -1));
            case SMT_SIBLINGS ->
                firstPair(allowed, (a, b) -> cpuList(CPUS.resolve("cpu" + a).resolve("topology/thread_siblings_list"))
                        .contains(b));
            case NUMA_REMOTE ->
                firstPair(allowed, (a, b) -> {
                    OptionalInt x = node(a);
                    OptionalInt y = node(b);
                    return x.isPresent() && y.isPresent() && x.getAsInt() != y.getAsInt();
                });
            case PAIR -> {
                int[] pair = CpuPlacement.pair(spec).orElseThrow();
                yield allowed.contains(pair[0]) && allowed.contains(pair[1])
                        ? Optional.of(new CpuPlan(pair[0], pair[1]))
                        : Optional.empty();
            }
        };
    }

    private static String whyNot(CaseSpec spec) {
        List<Integer> allowed = Affinity.allowedCpus();
        return switch (CpuPlacement.of(spec)) {
            case SMT_SIBLINGS ->
                "no two of the CPUs this process may use (" + allowed + ") are hardware threads of one"
                        + " core (each one's topology/thread_siblings_list names only itself): the machine has no SMT, or"
                        + " it is off";
            case NUMA_REMOTE -> "all the CPUs this process may use (" + allowed + ") are on one NUMA node";
            case PAIR ->
                "cpus: " + spec.knob(CpuPlacement.KNOB) + " names a CPU this process may not use (it may use " + allowed
                        + ")";
            default -> "the placement exists everywhere";
        };
    }

    private interface Relation {
        boolean holds(int a, int b);
    }

    private static Optional<CpuPlan> firstPair(List<Integer> allowed, Relation relation) {
        for (int a : allowed) {
            for (int b : allowed) {
                if (a != b && relation.holds(a, b)) {
                    return Optional.of(new CpuPlan(a, b));
                }
            }
        }
        return Optional.empty();
    }

    // The NUMA node of a CPU: the nodeN entry in its sysfs directory.
    private static OptionalInt node(int cpu) {
        java.io.File[] entries = CPUS.resolve("cpu" + cpu).toFile().listFiles((d, n) -> n.matches("node\\d+"));
        return entries == null || entries.length != 1
                ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(entries[0].getName().substring(4)));
    }

    /** The CPUs of a kernel CPU list such as {@code 0-3,8,10-11}; empty when the file is missing or malformed. */
    static List<Integer> cpuList(Path file) {
        List<Integer> cpus = new ArrayList<>();
        String text = KernelFiles.read(file).orElse("").strip();
        if (text.isEmpty()) {
            return cpus;
        }
        try {
            for (String part : text.split(",")) {
                String[] range = part.split("-", 2);
                int from = Integer.parseInt(range[0].strip());
                int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
                for (int c = from; c <= to && c - from < 8192; c++) {
                    cpus.add(c);
                }
            }
        } catch (NumberFormatException e) {
            return List.of();
        }
        return cpus;
    }
}
