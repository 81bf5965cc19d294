package dev.ipcmark.scenario;

import java.util.List;
import java.util.Optional;

/**
 * The communication patterns a case can measure: the registry of patterns, one constant each. {@link #id} is what
 * scenario files and case keys use; a pattern may add knobs of its own to a case (e.g. {@code rate} for {@code rate}),
 * validated and keyed like transport knobs; its {@link PeerRole} says what its peers run and which facet of a
 * transport it needs. Its benchmark class names it with {@code @Measures} (in the bench package), so a new pattern is
 * one constant here and one benchmark class (and a peer loop if no role fits).
 */
public enum Pattern implements Identified {
    /** Round-trip latency: send a message, wait for the same bytes to come back. */
    PING_PONG("ping-pong", "round-trip latency: one message out, the same bytes echoed back", PeerRole.ECHO, false),
    /** One-way throughput, counting only what the receiver acknowledged. */
    STREAM(
            "stream",
            "one-way throughput, acknowledged: messages flow one way, the receiver acknowledges every batch and only"
                    + " acknowledged messages count",
            PeerRole.SINK,
            true) {
        @Override
        public List<Knob> knobs() {
            return List.of(BATCH, WINDOW);
        }
    },
    /** Several producer processes into one mailbox, read by one receiver. */
    FAN_IN(
            "fan-in",
            "one-way throughput, flat out: producer processes send without waiting into one mailbox, timed at the"
                    + " receiver, each producer's count and order checked (producers: 1, stamps: sequence is lmbench's"
                    + " bw_pipe definition)",
            PeerRole.PRODUCER,
            true) {
        @Override
        public List<Knob> knobs() {
            return List.of(PRODUCERS, STAMPS);
        }

        @Override
        public int peers(CaseSpec spec) {
            return (int) spec.number(PRODUCERS);
        }
    },
    /** Open-loop latency at a fixed rate, corrected for coordinated omission. */
    RATE(
            "rate",
            "open-loop round trips at a fixed rate, each timed from when it should have started",
            PeerRole.ECHO,
            false) {
        @Override
        public List<Knob> knobs() {
            return List.of(RATE_KNOB);
        }
    },
    /** The cost of making and destroying a channel, step by step. */
    SETUP(
            "setup",
            "the cost of making a channel: create, size, map, first touch, unmap, destroy (or connect)",
            PeerRole.NONE,
            false),
    /** One payload handed from one process to the other, acknowledged; the per-transfer cost of copy vs map. */
    TRANSFER(
            "transfer",
            "one payload handed to the other process, read there, and acknowledged with 8 bytes",
            PeerRole.TRANSFER_SINK,
            false);

    /**
     * Whether this pattern's headline figure is a rate (stream, fan-in): then its per-iteration rates are kept as
     * samples and gated; for the others the rate is 1 / the mean latency and adds nothing a gate should test twice.
     */
    public boolean gatesThroughput() {
        return gatesThroughput;
    }

    /** What the pattern's peers run, and so which facet of a transport it needs. */
    public PeerRole peer() {
        return peer;
    }

    /** How many peer processes a case of this pattern starts. */
    public int peers(CaseSpec spec) {
        return peer == PeerRole.NONE ? 0 : 1;
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

    /** {@code fan-in}: what each message carries besides its number, and so what the histogram holds. */
    public static final Knob STAMPS = Knob.choice(
                    "stamps",
                    "send-time: each message carries its send time and the histogram holds its latency; sequence: only"
                            + " its number, the receiver's clock is read once per " + Stamps.BLOCK + " messages and the"
                            + " histogram holds the time per message (lmbench's bw_pipe definition)",
                    Identified.ids(Stamps.class))
            .asStrategy()
            // Fan-in keys recorded before the knob existed still match.
            .unkeyedAtDefault();

    /** {@code rate}: the target send rate. */
    public static final Knob RATE_KNOB =
            Knob.number("rate", "messages per second the sender aims at, whatever the latency", 10_000, 1, 10_000_000);

    private final String id;
    private final String description;
    private final PeerRole peer;
    private final boolean gatesThroughput;

    Pattern(String id, String description, PeerRole peer, boolean gatesThroughput) {
        this.id = id;
        this.description = description;
        this.peer = peer;
        this.gatesThroughput = gatesThroughput;
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

    /**
     * The knobs this pattern adds to every case, before the transport's own (a transport adds knobs of its own for a
     * pattern with {@code Transport.knobs(Pattern)}).
     */
    public List<Knob> knobs() {
        return List.of();
    }

    /** The pattern with this id, if any. */
    public static Optional<Pattern> byId(String id) {
        return Identified.byId(Pattern.class, id);
    }

    /** Every id, for error messages and listings. */
    public static List<String> ids() {
        return Identified.ids(Pattern.class);
    }
}
