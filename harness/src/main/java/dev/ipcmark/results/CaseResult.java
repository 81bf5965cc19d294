package dev.ipcmark.results;

import dev.ipcmark.scenario.CaseSpec;

/**
 * What became of one case.
 *
 * @param spec the case
 * @param status whether it ran, failed or was skipped
 * @param reason why it failed or was skipped (empty when it ran)
 * @param latency percentiles from its histogram (null unless it ran)
 * @param jmh JMH's own score (null unless it ran)
 * @param seconds wall time the case took
 */
public record CaseResult(
        CaseSpec spec, Status status, String reason, LatencyStats latency, JmhScore jmh, double seconds) {

    /** The outcome of a case. */
    public enum Status {
        /** Measured. */
        OK,
        /** Tried and failed; the reason says why. */
        FAILED,
        /** Not tried, because it cannot run here; the reason says why. */
        SKIPPED;

        /** Lower-case, as written in files. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * JMH's primary result for a case.
     *
     * @param score the score (mean time per operation for latency patterns)
     * @param error the half-width of its 99.9% confidence interval (NaN with too few iterations)
     * @param unit the score's unit, e.g. {@code ns/op}
     */
    public record JmhScore(double score, double error, String unit) {}

    /** A case that ran. */
    public static CaseResult ok(CaseSpec spec, LatencyStats latency, JmhScore jmh, double seconds) {
        return new CaseResult(spec, Status.OK, "", latency, jmh, seconds);
    }

    /** A case that failed for {@code reason}. */
    public static CaseResult failed(CaseSpec spec, String reason, double seconds) {
        return new CaseResult(spec, Status.FAILED, reason, null, null, seconds);
    }

    /** A case skipped for {@code reason}. */
    public static CaseResult skipped(CaseSpec spec, String reason) {
        return new CaseResult(spec, Status.SKIPPED, reason, null, null, 0);
    }

    /** Operations per second implied by JMH's mean time per operation (one round trip at a time). */
    public double opsPerSecond() {
        return jmh == null || !(jmh.score() > 0) ? Double.NaN : 1e9 / jmh.score();
    }
}
