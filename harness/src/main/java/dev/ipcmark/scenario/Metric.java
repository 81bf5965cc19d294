package dev.ipcmark.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gated metrics, one constant each: the one list of their names (scenario files' {@code gate:} keys, {@code
 * --threshold}, the gate's outputs), their default thresholds, which way is worse, and how each is read off a
 * measurement iteration. The run records each metric's per-iteration values under {@link #samplesField} in run.json,
 * and the gate compares them; so a new gated metric is one constant here (and, if it needs a quantity {@link
 * Iteration} does not offer yet, that quantity).
 */
public enum Metric implements Identified {
    /** Median latency of each iteration; higher is worse. */
    P50("p50", "p50Ns", false, 10) {
        @Override
        public double of(Iteration it) {
            return it.latencyPercentileNs(50);
        }
    },
    /** 99th percentile latency of each iteration; higher is worse. */
    P99("p99", "p99Ns", false, 25) {
        @Override
        public double of(Iteration it) {
            return it.latencyPercentileNs(99);
        }

        @Override
        public boolean tail() {
            return true;
        }
    },
    /** Delivered messages per second of each iteration, for patterns whose figure is a rate; lower is worse. */
    THROUGHPUT("throughput", "messagesPerSecond", true, 10) {
        @Override
        public double of(Iteration it) {
            return it.messagesPerSecond();
        }

        @Override
        public boolean appliesTo(Pattern pattern) {
            return pattern.gatesThroughput();
        }
    };

    private final String id;
    private final String samplesField;
    private final boolean higherIsBetter;
    private final double defaultPercent;

    Metric(String id, String samplesField, boolean higherIsBetter, double defaultPercent) {
        this.id = id;
        this.samplesField = samplesField;
        this.higherIsBetter = higherIsBetter;
        this.defaultPercent = defaultPercent;
    }

    /**
     * Whether it reads a tail of the latency distribution: when the machine itself moves, a tail moves further than the
     * calibration probes' medians (a futex round trip's p99 fell ×0.2 to ×0.33 while the probes fell ×0.84).
     */
    public boolean tail() {
        return false;
    }

    /** The name in scenario files, options and outputs. */
    @Override
    public String id() {
        return id;
    }

    /** The field of a case's {@code samples} in run.json that holds this metric's per-iteration values. */
    public String samplesField() {
        return samplesField;
    }

    /** Whether a larger value is an improvement (throughput) rather than a regression (latency). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The threshold, in percent, of a scenario that sets none. */
    public double defaultPercent() {
        return defaultPercent;
    }

    /** This metric's value for one measurement iteration. */
    public abstract double of(Iteration it);

    /** Whether cases of {@code pattern} record (and so gate) this metric; every pattern by default. */
    public boolean appliesTo(Pattern pattern) {
        return true;
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

    /** The metric with this id, if any. */
    public static Optional<Metric> byId(String id) {
        return Identified.byId(Metric.class, id);
    }

    /** Every id, in declaration order. */
    public static List<String> ids() {
        return Identified.ids(Metric.class);
    }
}
