package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The first {@value #HEADER_BYTES} bytes of a fan-in message: who sent it, its number in that producer's sequence, and
 * when it was sent by {@link System#nanoTime()} (CLOCK_MONOTONIC, the same clock in every process of the machine, so
 * the receiver can time a message from another process). A producer ends with a <em>final</em> message whose number
 * is how many messages it sent before it. With verification, the rest of the message is {@link Payload} contents keyed
 * by the header's first word.
 *
 * <p>Word 0 is {@code final(1 bit) | pid(22 bits) | seq(41 bits)}: Linux PIDs stay below 2^22, and 2^41 messages
 * outlast any run.
 */
public final class FanInMessage {
    /** Bytes of the header; fan-in messages are at least this long. */
    public static final int HEADER_BYTES = 16;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int SEQ_BITS = 41;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
    private static final long PID_MASK = (1L << 22) - 1;
    private static final long FINAL = Long.MIN_VALUE;

    private FanInMessage() {}

    /**
     * Writes the header of {@code pid}'s message {@code seq}, with {@code sendTime} the time it is sent now (else the
     * send-time word is left as it was: the receiver does not read it); with {@code verify}, fills the rest.
     */
    public static void stamp(MemorySegment message, long pid, long seq, boolean verify, boolean sendTime) {
        long word = (pid & PID_MASK) << SEQ_BITS | (seq & SEQ_MASK);
        message.set(LONG, 0, word);
        if (verify) {
            Payload.fill(body(message), word);
        }
        if (sendTime) {
            message.set(LONG, 8, System.nanoTime());
        }
    }

    /** Writes {@code pid}'s final message: it sent {@code count} messages before this one. */
    public static void stampFinal(MemorySegment message, long pid, long count) {
        message.set(LONG, 0, FINAL | (pid & PID_MASK) << SEQ_BITS | (count & SEQ_MASK));
        message.set(LONG, 8, System.nanoTime());
    }

    /** The sender's PID. */
    public static long pid(MemorySegment message) {
        return message.get(LONG, 0) >>> SEQ_BITS & PID_MASK;
    }

    /** The message's number in its producer's sequence, or for a final message the number sent before it. */
    public static long seq(MemorySegment message) {
        return message.get(LONG, 0) & SEQ_MASK;
    }

    /** Whether this is a producer's final message. */
    public static boolean isFinal(MemorySegment message) {
        return message.get(LONG, 0) < 0;
    }

    /** When it was sent, by {@link System#nanoTime()}. */
    public static long sentAt(MemorySegment message) {
        return message.get(LONG, 8);
    }

    /** Throws {@link TransportException} unless the body is what {@link #stamp} with verification wrote. */
    public static void check(MemorySegment message) {
        Payload.check(body(message), message.get(LONG, 0));
    }

    private static MemorySegment body(MemorySegment message) {
        return message.asSlice(HEADER_BYTES);
    }
}
