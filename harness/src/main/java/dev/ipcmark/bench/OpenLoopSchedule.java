package dev.ipcmark.bench;

/**
 * The schedule of an open-loop sender: message {@code i} should start at {@code start + i × interval}, whatever became
 * of the ones before it. A message's corrected latency runs from when it should have started, so a stall counts
 * against every message it delayed (the coordinated-omission correction of wrk2 and JLBH); its uncorrected latency runs
 * from when it actually started, which is what a closed-loop benchmark would report.
 */
final class OpenLoopSchedule {
    private final long intervalNs;
    private long next;

    /** A schedule with {@code intervalNs} between intended starts, the first at {@code startNs}. */
    OpenLoopSchedule(long intervalNs, long startNs) {
        if (intervalNs < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ns, got " + intervalNs);
        }
        this.intervalNs = intervalNs;
        this.next = startNs;
    }

    /** The schedule of a target {@code ratePerSecond}. */
    static OpenLoopSchedule atRate(long ratePerSecond, long startNs) {
        return new OpenLoopSchedule(Math.max(1, 1_000_000_000L / ratePerSecond), startNs);
    }

    /** Takes the next message's intended start; the caller waits until then (or not at all, when behind). */
    long nextIntendedStart() {
        long intended = next;
        next += intervalNs;
        return intended;
    }

    /** Corrected latency of a message intended to start at {@code intendedNs} that finished at {@code endNs}. */
    static long corrected(long intendedNs, long endNs) {
        return endNs - intendedNs;
    }

    /** Uncorrected latency of a message that actually started at {@code actualStartNs} and finished at {@code endNs}. */
    static long uncorrected(long actualStartNs, long endNs) {
        return endNs - actualStartNs;
    }
}
