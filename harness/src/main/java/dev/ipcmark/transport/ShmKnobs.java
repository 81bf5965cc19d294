package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
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
     * {@code transfer}: the chunked-rounds design, in which a payload larger than the shared area goes through it a
     * chunk at a time.
     */
    public static final Knob CHUNK = Knob.size(
                    "chunk",
                    "send the payload through a shared area of two chunks of this size, in rounds (one notification and"
                            + " one acknowledgement per chunk, the next chunk produced while the peer reads the last)",
                    4096,
                    1L << 30,
                    "1 GiB",
                    "the whole payload: the area is as large as it")
            .unkeyedAtDefault();

    /** {@code transfer}: whether the shared area is made once or for every transfer. */
    public static final Knob SEGMENTS = Knob.choice(
                    "segments",
                    "pool: the shared area is made when the case starts and reused by every transfer; fresh: every"
                            + " transfer makes a new segment, both processes map it, and it is destroyed inside the"
                            + " transfer (set-up paid every time, as by memfd)",
                    List.of("pool", "fresh"))
            .unkeyedAtDefault();

    /** The chunk a transfer goes through the area in: the whole payload unless {@link #CHUNK} is smaller. */
    public static long chunkBytes(CaseSpec spec) {
        String chunk = spec.knob(CHUNK);
        long whole = spec.messageBytes();
        return chunk.equals(Knob.KERNEL_DEFAULT) ? whole : Math.min(whole, Sizes.parse(chunk));
    }

    /** Whether a transfer goes through the area in more than one round. */
    public static boolean chunked(CaseSpec spec) {
        return chunkBytes(spec) < spec.messageBytes();
    }

    /** The shared area a transfer case needs: the payload, or two chunks of it. */
    public static long areaBytes(CaseSpec spec) {
        return chunked(spec) ? Math.min(spec.messageBytes(), 2 * chunkBytes(spec)) : spec.messageBytes();
    }

    /** Whether every transfer makes a fresh segment. */
    public static boolean fresh(CaseSpec spec) {
        return spec.pattern() == Pattern.TRANSFER && spec.knob(SEGMENTS).equals("fresh");
    }

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
