package dev.ipcmark.scenario;

/**
 * Regression thresholds for CI: the smallest change, in percent, that counts as a regression for each metric.
 *
 * @param p50Percent allowed growth of the median latency
 * @param p99Percent allowed growth of the 99th percentile latency
 * @param throughputPercent allowed drop of throughput
 */
public record GateSpec(double p50Percent, double p99Percent, double throughputPercent) {
    /** Thresholds used when a scenario has no {@code gate} section. */
    public static final GateSpec DEFAULTS = new GateSpec(10, 25, 10);
}
