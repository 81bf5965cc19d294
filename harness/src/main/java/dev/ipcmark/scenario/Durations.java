package dev.ipcmark.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;

/** Durations at the edges: {@code 20us}, {@code 500ms}, {@code 2s}, {@code 1min}. */
public final class Durations {
    /** What is accepted, for error messages. */
    public static final String ALLOWED = "a whole number with ns, us, ms, s or min (e.g. 20us, 500ms, 2s, 1min)";

    /** The longest duration anything in ipcmark may take: a day (longer ones overflowed nanosecond arithmetic). */
    public static final Duration MAX = Duration.ofDays(1);

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ns|us|ms|s|min)");

    private Durations() {}

    /** Parses {@code text}, or throws {@link IllegalArgumentException} saying what is accepted. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; expected " + ALLOWED);
        }
        long value = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ns" -> Duration.ofNanos(value);
                    case "us" -> Duration.ofNanos(value * 1000);
                    case "ms" -> Duration.ofMillis(value);
                    case "s" -> Duration.ofSeconds(value);
                    default -> Duration.ofMinutes(value);
                };
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range; allowed: up to " + format(MAX));
        }
        return d;
    }

    /** The form {@link #parse} reads back: {@code 20us}, {@code 500ms}, {@code 2s}, {@code 1min}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns % 1_000_000 != 0) {
            return ns % 1000 == 0 ? ns / 1000 + "us" : ns + "ns";
        }
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** A span of time for people, to the nearest minute: {@code 9 min}, {@code 3 h 10 min}, {@code 2 d 4 h}. */
    public static String span(Duration d) {
        long min = (Math.abs(d.toSeconds()) + 30) / 60;
        if (min < 60) {
            return min + " min";
        }
        if (min < 24 * 60) {
            return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
        }
        long h = min / 60;
        return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }

    /** A latency for people: {@code 640 ns}, {@code 52.1 us}, {@code 3.2 ms}. */
    public static String latency(long ns) {
        if (ns < 10_000) {
            return ns + " ns";
        }
        if (ns < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }
}
