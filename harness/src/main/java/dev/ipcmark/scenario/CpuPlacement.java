package dev.ipcmark.scenario;

import java.util.List;

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
    FREE("free");

    /** The knob: omitted from case keys at its default, so keys made before it existed still name the same case. */
    public static final Knob KNOB = Knob.choice(
                    "cpus",
                    "where the two processes run: split (one CPU each), same (one CPU for both: no cross-CPU wake-up),"
                            + " free (unpinned)",
                    Identified.ids(CpuPlacement.class))
            .unkeyedAtDefault();

    private final String id;

    CpuPlacement(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The placement of {@code spec} (its knob, else the default). */
    public static CpuPlacement of(CaseSpec spec) {
        return spec.choice(KNOB, CpuPlacement.class);
    }

    /** The knobs every pattern with a peer adds. */
    static List<Knob> knobs(Pattern pattern) {
        return pattern.peer() == PeerRole.NONE ? List.of() : List.of(KNOB);
    }
}
