package dev.ipcmark.gate;

import dev.ipcmark.results.RunRecord;
import java.util.List;
import java.util.Locale;

/** A gated metric: which samples of a case it tests, and which way is worse. */
public enum Metric {
    /** Median latency of each iteration; higher is worse. */
    P50("p50", "p50Ns", false),
    /** 99th percentile latency of each iteration; higher is worse. */
    P99("p99", "p99Ns", false),
    /** Delivered messages per second of each iteration; lower is worse. */
    THROUGHPUT("throughput", "messagesPerSecond", true);

    private final String id;
    private final String samplesField;
    private final boolean higherIsBetter;

    Metric(String id, String samplesField, boolean higherIsBetter) {
        this.id = id;
        this.samplesField = samplesField;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name in scenario files, options and outputs. */
    public String id() {
        return id;
    }

    /** The field of a case's {@code samples} in run.json that holds this metric's values. */
    String samplesField() {
        return samplesField;
    }

    /** This metric's per-fork values in a case's recorded samples, or null when it has none. */
    List<List<Double>> samplesOf(RunRecord.SamplesRecord samples) {
        return switch (this) {
            case P50 -> samples.p50Ns();
            case P99 -> samples.p99Ns();
            case THROUGHPUT -> samples.messagesPerSecond();
        };
    }

    /** Whether a larger value is an improvement (throughput) rather than a regression (latency). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** A value of this metric for people: {@code 2.1 µs}, {@code 1.25 M msg/s}. */
    public String format(double value) {
        if (higherIsBetter) {
            if (value >= 1e6) {
                return String.format(Locale.ROOT, "%.3g M msg/s", value / 1e6);
            }
            return value >= 1e3
                    ? String.format(Locale.ROOT, "%.3g k msg/s", value / 1e3)
                    : String.format(Locale.ROOT, "%.3g msg/s", value);
        }
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.3g ms", value / 1e6);
        }
        return value >= 1e3
                ? String.format(Locale.ROOT, "%.3g µs", value / 1e3)
                : String.format(Locale.ROOT, "%.0f ns", value);
    }
}
