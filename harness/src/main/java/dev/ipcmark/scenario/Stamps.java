package dev.ipcmark.scenario;

/**
 * What a fan-in producer writes into each message besides its number, and so what the receiver's histogram holds: the
 * {@code stamps} knob of {@code fan-in}.
 *
 * <p>{@link #SEND_TIME}: each message carries its send time, and the histogram holds every message's latency from its
 * send to its receipt (two clock reads per message, one in each process). {@link #SEQUENCE}: each message carries only
 * its producer and number, the receiver reads its clock once per {@value #BLOCK} messages, and the histogram holds the
 * receiver's time per message over each such block: lmbench's {@code bw_pipe} definition, where only the reader's
 * clock counts. Either way every message's number is checked on receipt and each producer's count at the end.
 */
public enum Stamps implements Identified {
    /** Producer, number and send time: per-message latency. */
    SEND_TIME("send-time"),
    /** Producer and number only: the reader's time per message, per block. */
    SEQUENCE("sequence");

    /** Messages per clock reading of the receiver with {@link #SEQUENCE}. */
    public static final int BLOCK = 256;

    private final String id;

    Stamps(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
