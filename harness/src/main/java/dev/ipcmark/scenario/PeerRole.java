package dev.ipcmark.scenario;

/**
 * What a pattern's peer processes run, and so which facet of a transport the pattern needs. The peer package runs the
 * loop of each role; a new role is one constant here and one arm of the peer's (exhaustive) switch.
 */
public enum PeerRole {
    /** No peer: the pattern measures a transport's set-up cycle inside one process. */
    NONE(Facet.SETUP_CYCLE),
    /** One peer echoes every message back over a channel. */
    ECHO(Facet.CHANNEL),
    /** One peer takes messages off a channel and acknowledges every batch. */
    SINK(Facet.CHANNEL),
    /** One peer reads each handed-over payload and acknowledges it with 8 bytes. */
    TRANSFER_SINK(Facet.CHANNEL),
    /** Several peers send flat out into one mailbox. */
    PRODUCER(Facet.MAILBOX);

    /** The part of a transport a pattern uses: its channel, its shared mailbox, or its set-up cycle. */
    public enum Facet {
        /** A two-way channel between this process and one peer. */
        CHANNEL,
        /** One mailbox several producer processes share. */
        MAILBOX,
        /** The steps of making and destroying a channel, in one process. */
        SETUP_CYCLE
    }

    private final Facet facet;

    PeerRole(Facet facet) {
        this.facet = facet;
    }

    /** The facet of a transport this role talks through. */
    public Facet facet() {
        return facet;
    }
}
