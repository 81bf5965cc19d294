package dev.ipcmark.bench;

import dev.ipcmark.transport.FanInMessage;
import dev.ipcmark.transport.TransportException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The receiver's account of a fan-in: for each producer, how many of its messages arrived and whether its final
 * message did. A message out of its producer's sequence (a gap is a loss, a repeat a duplicate), from a stranger, or
 * a final message that disagrees with the count received fails the case.
 */
final class FanInLedger {
    private final long[] pids;
    private final long[] received;
    private final boolean[] finished;
    private int unfinished;

    /** A ledger for producers with these PIDs, in launch order. */
    FanInLedger(long[] pids) {
        this.pids = pids.clone();
        this.received = new long[pids.length];
        this.finished = new boolean[pids.length];
        this.unfinished = pids.length;
    }

    /**
     * Accounts for {@code message} (with {@code verify}, its body is checked too); returns its producer's index.
     * Throws {@link TransportException} when it is not the next message of its producer.
     */
    int take(MemorySegment message, boolean verify) {
        int producer = producer(FanInMessage.pid(message));
        long seq = FanInMessage.seq(message);
        boolean last = FanInMessage.isFinal(message);
        if (finished[producer]) {
            throw new TransportException(
                    "producer " + pids[producer] + " sent message " + seq + " after its final one");
        }
        if (seq != received[producer]) {
            String what = last
                    ? "says it sent " + seq + " messages, " + received[producer] + " arrived"
                    : "message " + seq + " arrived when " + received[producer] + " was due";
            throw new TransportException("producer " + pids[producer] + " " + what + ": "
                    + (seq > received[producer] ? "messages were lost" : "messages were duplicated") + " or reordered");
        }
        if (last) {
            finished[producer] = true;
            unfinished--;
        } else {
            if (verify) {
                FanInMessage.check(message);
            }
            received[producer]++;
        }
        return producer;
    }

    /** Messages received from each producer so far, in launch order. */
    long[] received() {
        return received.clone();
    }

    /** Whether every producer's final message has arrived. */
    boolean allFinished() {
        return unfinished == 0;
    }

    private int producer(long pid) {
        for (int i = 0; i < pids.length; i++) {
            if (pids[i] == pid) {
                return i;
            }
        }
        throw new TransportException(
                "a message from PID " + pid + ", which is none of the producers " + Arrays.toString(pids));
    }
}
