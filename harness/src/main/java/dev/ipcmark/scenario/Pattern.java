package dev.ipcmark.scenario;

import java.util.List;
import java.util.Optional;

/**
 * The communication patterns a case can measure; {@link #id} is what scenario files and case keys use. A pattern may
 * add knobs of its own to a case (e.g. {@code rate} for {@code rate}); they are validated and keyed like transport
 * knobs.
 */
public enum Pattern implements Identified {
    /** Round-trip latency: send a message, wait for the same bytes to come back. */
    PING_PONG("ping-pong", "round-trip latency: one message out, the same bytes echoed back") {
        @Override
        public List<Knob> knobs(String transport) {
            return List.of();
        }
    },
    /** One-way throughput, counting only what the receiver acknowledged. */
    STREAM("stream", "one-way throughput: messages flow one way, the receiver acknowledges every batch") {
        @Override
        public List<Knob> knobs(String transport) {
            return List.of(BATCH, WINDOW);
        }
    },
    /** Several producer processes into one mailbox, read by one receiver. */
    FAN_IN("fan-in", "several producer processes send flat out into one mailbox that one receiver reads") {
        @Override
        public List<Knob> knobs(String transport) {
            return List.of(PRODUCERS);
        }
    },
    /** Open-loop latency at a fixed rate, corrected for coordinated omission. */
    RATE("rate", "open-loop round trips at a fixed rate, each timed from when it should have started") {
        @Override
        public List<Knob> knobs(String transport) {
            return List.of(RATE_KNOB);
        }
    },
    /** The cost of making and destroying a channel, step by step. */
    SETUP("setup", "the cost of making a channel: create, size, map, first touch, unmap, destroy (or connect)") {
        @Override
        public List<Knob> knobs(String transport) {
            return transport.equals("shm") ? List.of(THP) : List.of();
        }
    },
    /** One payload handed from one process to the other, acknowledged; the per-transfer cost of copy vs map. */
    TRANSFER("transfer", "one payload handed to the other process, read there, and acknowledged with 8 bytes") {
        @Override
        public List<Knob> knobs(String transport) {
            return transport.equals("shm") ? List.of(PLACEMENT) : List.of();
        }
    };

    /**
     * Whether this pattern's headline figure is a rate (stream, fan-in): then its per-iteration rates are kept as
     * samples and gated; for the others the rate is 1 / the mean latency and adds nothing a gate should test twice.
     */
    public boolean gatesThroughput() {
        return this == STREAM || this == FAN_IN;
    }

    /** {@code stream}: messages per acknowledgement. */
    public static final Knob BATCH =
            Knob.number("batch", "messages the receiver takes before it acknowledges them", 16, 1, 65_536);

    /** {@code stream}: unacknowledged batches the sender may have in flight. */
    public static final Knob WINDOW =
            Knob.number("window", "batches the sender may send before the first of them is acknowledged", 2, 1, 64);

    /** {@code fan-in}: how many producer processes share the mailbox. */
    public static final Knob PRODUCERS =
            Knob.number("producers", "producer processes sending into the one mailbox", 2, 1, 64);

    /** {@code rate}: the target send rate. */
    public static final Knob RATE_KNOB =
            Knob.number("rate", "messages per second the sender aims at, whatever the latency", 10_000, 1, 10_000_000);

    /** {@code setup} on shm: transparent huge pages for the mapping. */
    public static final Knob THP = Knob.choice(
            "thp",
            "transparent huge pages: default (the system's policy), on (madvise MADV_HUGEPAGE), off (MADV_NOHUGEPAGE)",
            List.of("default", "on", "off"));

    /** {@code transfer} on shm: where the sender's payload comes from. */
    public static final Knob PLACEMENT = Knob.choice(
            "placement",
            "copy-in: the payload is copied from a private buffer into the segment (one copy); in-place: it is"
                    + " produced in the segment (zero copy)",
            List.of("copy-in", "in-place"));

    private final String id;
    private final String description;

    Pattern(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The external id, e.g. {@code ping-pong}. */
    @Override
    public String id() {
        return id;
    }

    /** One line saying what the pattern measures. */
    public String description() {
        return description;
    }

    /** The knobs this pattern adds to a case of {@code transport}, before the transport's own. */
    public abstract List<Knob> knobs(String transport);

    /** The pattern with this id, if any. */
    public static Optional<Pattern> byId(String id) {
        return Identified.byId(Pattern.class, id);
    }

    /** Every id, for error messages and listings. */
    public static List<String> ids() {
        return Identified.ids(Pattern.class);
    }
}
