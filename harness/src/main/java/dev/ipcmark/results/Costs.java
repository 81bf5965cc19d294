package dev.ipcmark.results;

import dev.ipcmark.nativeio.ThreadUsage;

/**
 * What a case's measurement iterations cost the two processes, as the kernel counts it, for the thread of each process
 * that moves the messages (the measuring thread and the peer's working thread; JIT and GC threads are left out, so
 * the numbers belong to the IPC path).
 *
 * @param operations the operations these costs are spread over (round trips, messages or transfers, by pattern)
 * @param self the benchmark process's measuring thread
 * @param peer the peer's working thread, or null when the pattern has no peer or it could not be read
 */
public record Costs(long operations, ThreadUsage self, ThreadUsage peer) {
    /** The sum of this and {@code other}. */
    public Costs plus(Costs other) {
        ThreadUsage p = peer == null || other.peer == null ? null : peer.plus(other.peer);
        return new Costs(operations + other.operations, self.plus(other.self), p);
    }

    /** {@code total} spread over the operations, or NaN when there were none. */
    public double perOperation(long total) {
        return operations == 0 ? Double.NaN : (double) total / operations;
    }
}
