package dev.ipcmark.scenario;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Regression thresholds for CI: the smallest change, in percent, that counts as a regression for each {@link Metric};
 * a metric that is {@linkplain #OFF off} is not gated.
 *
 * @param percent each metric's threshold, every metric present
 */
public record GateSpec(Map<Metric, Double> percent) {
    /** Thresholds used when a scenario has no {@code gate} section: each metric's default. */
    public static final GateSpec DEFAULTS = defaults();

    /** The threshold of a metric that is not gated. */
    public static final double OFF = Double.NaN;

    /** What a threshold may be, for error messages. */
    public static final String ALLOWED = "a percentage from 0% to 1000% (e.g. 10%), or off";

    /** Copies the map; a metric missing from it gets its default. */
    public GateSpec {
        Map<Metric, Double> all = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            all.put(m, percent.getOrDefault(m, m.defaultPercent()));
        }
        percent = Collections.unmodifiableMap(all);
    }

    private static GateSpec defaults() {
        return new GateSpec(Map.of());
    }

    /** The threshold of {@code metric}, in percent; {@link #OFF} when it is not gated. */
    public double percent(Metric metric) {
        return percent.get(metric);
    }

    /** These thresholds with {@code metric}'s set to {@code value} percent. */
    public GateSpec with(Metric metric, double value) {
        Map<Metric, Double> changed = new EnumMap<>(percent);
        changed.put(metric, value);
        return new GateSpec(changed);
    }

    /** The thresholds for people: {@code p50 10%, p99 25%, throughput 10%}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        percent.forEach((metric, value) -> out.append(out.isEmpty() ? "" : ", ")
                .append(metric.id())
                .append(' ')
                .append(formatPercent(value)));
        return out.toString();
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
