package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import java.util.List;

/** The knobs of the shm transport, declared once: its mailbox, set-up cycle and the benchmarks read them here. */
public final class ShmKnobs {
    /** The capacity value that never makes the writer wait. */
    static final String UNBOUNDED = "unbounded";

    private static final int MAX_SLOTS = 1024;

    /** Which kind of segment: POSIX, System V or a mapped file. */
    public static final Knob SEGMENT = Knob.choice(
                    SegmentKind.KNOB,
                    "POSIX shm_open, System V shmget, System V shmget with SHM_HUGETLB (pages from the huge page pool,"
                            + " vm.nr_hugepages), or a mapped regular file",
                    Identified.ids(SegmentKind.class))
            .asStrategy();

    /** How each process waits for the other. */
    public static final Knob SYNC = Knob.choice(
                    SyncStrategy.KNOB, "how each process waits for the other", SyncStrategy.ids())
            .asStrategy();

    /** Ring slots. */
    public static final Knob SLOTS = Knob.numberOr(
                    "capacity",
                    "ring slots: 0 is a rendezvous, N a bounded ring, unbounded never makes the writer wait",
                    "1",
                    0,
                    MAX_SLOTS,
                    List.of(UNBOUNDED))
            .asStrategy();

    /** {@code setup}: transparent huge pages for the mapping. */
    public static final Knob THP = Knob.choice(
            "thp",
            "transparent huge pages: default (the system's policy), on (madvise MADV_HUGEPAGE), off (MADV_NOHUGEPAGE)",
            List.of("default", "on", "off"));

    /** {@code transfer}: where the sender's payload comes from (shm's segment, memfd's file). */
    public static final Knob PLACEMENT = Knob.choice(
            "placement",
            "copy-in: the payload is copied from a private buffer into the shared memory (one copy); in-place: it is"
                    + " produced there (zero copy)",
            List.of("copy-in", "in-place"));

    /**
     * The copies of a payload through shared memory: a transfer read in place makes one copy in (copy-in) or none
     * (in-place); a message through a ring is copied in and out.
     */
    static int copies(CaseSpec spec) {
        if (spec.pattern() != Pattern.TRANSFER) {
            return 2;
        }
        return spec.knob(PLACEMENT).equals("in-place") ? 0 : 1;
    }

    private ShmKnobs() {}
}
