package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;

/**
 * One mailbox that several producer processes write into and one receiver reads from: a transport's shape for the
 * fan-in pattern (one queue, one listening socket with a connection per producer, one FIFO, one shared ring).
 *
 * @implSpec Each producer's messages arrive whole and in the order it sent them, never interleaved with another
 *     producer's bytes; messages of different producers may interleave in any order.
 */
public interface Mailbox {
    /** Whether {@code spec} can run as fan-in here, and if not, why; it can unless the mailbox says otherwise. */
    default Support check(CaseSpec spec) {
        return Support.RUNS;
    }

    /**
     * Creates the mailbox for {@code producers} producers in {@code dir} (a private 0700 directory); its
     * {@link Opening#accept} is the receiver's end.
     */
    Opening listen(CaseSpec spec, PrivateDir dir, int producers);

    /** Opens a producer's end from a producer process; only {@link Channel#send} is used on it. */
    Channel connect(CaseSpec spec, String endpoint);
}
