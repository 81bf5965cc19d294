package dev.ipcmark.scenario;

import java.util.List;
import java.util.Locale;

/**
 * Regression thresholds for CI: the smallest change, in percent, that counts as a regression for each metric; a metric
 * that is {@linkplain #OFF off} is not gated.
 *
 * @param p50Percent allowed growth of the median latency
 * @param p99Percent allowed growth of the 99th percentile latency
 * @param throughputPercent allowed drop of throughput
 */
public record GateSpec(double p50Percent, double p99Percent, double throughputPercent) {
    /** Thresholds used when a scenario has no {@code gate} section. */
    public static final GateSpec DEFAULTS = new GateSpec(10, 25, 10);

    /** The threshold of a metric that is not gated. */
    public static final double OFF = Double.NaN;

    /** The gated metrics' names, as in scenario files and on the command line. */
    public static final List<String> METRICS = List.of("p50", "p99", "throughput");

    /** What a threshold may be, for error messages. */
    public static final String ALLOWED = "a percentage from 0% to 1000% (e.g. 10%), or off";

    /** The threshold of {@code metric} (one of {@link #METRICS}), in percent; {@link #OFF} when it is not gated. */
    public double percent(String metric) {
        return switch (metric) {
            case "p50" -> p50Percent;
            case "p99" -> p99Percent;
            case "throughput" -> throughputPercent;
            default -> throw new IllegalArgumentException("unknown metric " + metric + "; allowed: " + METRICS);
        };
    }

    /** These thresholds with {@code metric}'s set to {@code percent}. */
    public GateSpec with(String metric, double percent) {
        return switch (metric) {
            case "p50" -> new GateSpec(percent, p99Percent, throughputPercent);
            case "p99" -> new GateSpec(p50Percent, percent, throughputPercent);
            case "throughput" -> new GateSpec(p50Percent, p99Percent, percent);
            default ->
                throw new IllegalArgumentException(
                        "unknown metric '" + metric + "'; allowed: " + String.join(", ", METRICS));
        };
    }

    /** Parses {@code 10%}, {@code 10} or {@code off}; throws {@link IllegalArgumentException} saying what is allowed. */
    public static double parsePercent(String text) {
        String t = text.strip();
        if (t.equals("off")) {
            return OFF;
        }
        try {
            double value = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1) : t);
            if (value >= 0 && value <= 1000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("'" + t + "' is not " + ALLOWED);
    }

    /** The form {@link #parsePercent} reads back: {@code 10%}, {@code 2.5%} or {@code off}. */
    public static String formatPercent(double value) {
        if (Double.isNaN(value)) {
            return "off";
        }
        return (value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value))
                + "%";
    }
}
