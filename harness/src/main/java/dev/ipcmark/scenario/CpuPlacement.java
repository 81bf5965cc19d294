package dev.ipcmark.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Where a case's two processes run ({@code cpus} knob, every pattern but setup). On a virtual machine a wake-up that
 * crosses CPUs costs the hypervisor's inter-processor interrupt, tens of microseconds here, and whether the woken
 * vCPU was halted varies from JVM to JVM: {@code same} measures the mechanism without that, {@code split} with it.
 */
public enum CpuPlacement implements Identified {
    /** The measuring thread on the first allowed CPU, its peer (each producer) on another: the default. */
    SPLIT("split"),
    /** Both on the first allowed CPU: every wake-up is a local context switch. */
    SAME("same"),
    /** Neither pinned: where the scheduler puts them, as an unpinned application runs. */
    FREE("free"),
    /** Two hardware threads of one core (SMT siblings): they share the core's caches and execution units. */
    SMT_SIBLINGS("smt-siblings"),
    /** Two CPUs on different NUMA nodes: every cache line crosses the interconnect. */
    NUMA_REMOTE("numa-remote"),
    /** Two CPUs named in the knob, {@code A+B}: the measuring process on A, the other(s) on B. */
    PAIR("A+B");

    /** The knob: omitted from case keys at its default, so keys made before it existed still name the same case. */
    public static final Knob KNOB = Knob.choiceOrCpuPair(
                    "cpus",
                    "where the two processes run: split (one CPU each), same (one CPU for both: no cross-CPU wake-up),"
                            + " free (unpinned), smt-siblings (two hardware threads of one core), numa-remote (two"
                            + " NUMA nodes), or A+B (CPU numbers)",
                    Identified.ids(CpuPlacement.class).stream()
                            .filter(id -> !id.equals(PAIR.id))
                            .toList())
            .unkeyedAtDefault();

    private final String id;

    CpuPlacement(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The placement of {@code spec} (its knob, else the default); {@link #PAIR} for two CPUs it names. */
    public static CpuPlacement of(CaseSpec spec) {
        String value = spec.knob(KNOB);
        return Knob.ChoiceOrCpuPair.pair(value).isPresent()
                ? PAIR
                : Identified.require(CpuPlacement.class, value, "cpus");
    }

    /** The two CPUs {@code spec} names ({@link #PAIR}), measuring process first. */
    public static Optional<int[]> pair(CaseSpec spec) {
        return Knob.ChoiceOrCpuPair.pair(spec.knob(KNOB));
    }

    /** The knobs every pattern with a peer adds. */
    static List<Knob> knobs(Pattern pattern) {
        return pattern.peer() == PeerRole.NONE ? List.of() : List.of(KNOB);
    }
}
