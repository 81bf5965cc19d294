package dev.ipcmark.scenario;

/**
 * One measurement iteration of a case, as a gated {@link Metric} reads it: its latency histogram interval and the rate
 * its pattern counted. The bench package implements it over a histogram interval.
 */
public interface Iteration {
    /** The latency below which {@code percent} % of the iteration's operations fell, in ns. */
    double latencyPercentileNs(double percent);

    /** Delivered messages per second of the iteration, by the pattern's own clock; NaN when it keeps none. */
    double messagesPerSecond();
}
