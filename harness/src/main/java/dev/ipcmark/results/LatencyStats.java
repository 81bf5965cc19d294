package dev.ipcmark.results;

import org.HdrHistogram.Histogram;

/**
 * The latency percentiles of one case, in nanoseconds, from its histogram.
 *
 * @param samples number of recorded operations
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param p9999 99.99th percentile
 * @param max largest value
 * @param mean arithmetic mean
 */
public record LatencyStats(long samples, long p50, long p90, long p99, long p999, long p9999, long max, double mean) {
    /** The percentiles of {@code h}. */
    public static LatencyStats of(Histogram h) {
        return new LatencyStats(
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getValueAtPercentile(99.99),
                h.getMaxValue(),
                h.getMean());
    }
}
