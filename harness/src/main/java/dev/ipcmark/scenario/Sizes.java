package dev.ipcmark.scenario;

import java.util.Locale;
import java.util.regex.Matcher;

/** Byte sizes at the edges: {@code 64}, {@code 64B}, {@code 4KiB}, {@code 1MiB}, {@code 1GiB} (binary units only). */
public final class Sizes {
    /** The unit suffixes accepted, for error messages. */
    public static final String ALLOWED =
            "a whole number of bytes, optionally with B, KiB, MiB or GiB (e.g. 64, 4KiB, 1MiB)";

    private static final java.util.regex.Pattern SIZE =
            java.util.regex.Pattern.compile("(\\d{1,19})\\s*(B|KiB|MiB|GiB)?");
    private static final String[] UNITS = {"KiB", "MiB", "GiB"};

    private Sizes() {}

    /** Parses {@code text} into bytes, or throws {@link IllegalArgumentException} saying what is accepted. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; expected " + ALLOWED);
        }
        long shift =
                switch (m.group(2) == null ? "B" : m.group(2)) {
                    case "KiB" -> 10;
                    case "MiB" -> 20;
                    case "GiB" -> 30;
                    default -> 0;
                };
        try {
            long value = Long.parseLong(m.group(1));
            if (value > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** The shortest exact form: {@code 4KiB} for 4096, {@code 65537} when no unit divides it. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        String text = Long.toString(bytes);
        long value = bytes;
        for (String unit : UNITS) {
            if (value % 1024 != 0) {
                break;
            }
            value /= 1024;
            text = value + unit;
        }
        return text;
    }

    /**
     * A label for charts and tables: {@link #format}'s exact form with a space, {@code 64 B}, {@code 4 KiB}; a size no
     * unit divides (above 1 KiB) as {@link #human}.
     */
    public static String label(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String exact = format(bytes);
        return Character.isDigit(exact.charAt(exact.length() - 1))
                ? human(bytes)
                : exact.replaceFirst("(\\d)([KMG]iB)$", "$1 $2");
    }

    /** A human reading of a byte count, rounded, for consoles: {@code 1.5 MiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
