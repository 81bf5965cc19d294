package dev.ipcmark.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the results store is: an SQLite file ({@code sqlite:PATH}, or a path ending in {@code .sqlite} or {@code .db};
 * by default {@code ipcmark.sqlite} in the results directory, beside the run directories), a PostgreSQL database
 * ({@code postgresql://HOST[:PORT]/DB?user=NAME}), or {@code off}. It comes from {@code --store}, else the environment
 * variable {@value #ENVIRONMENT}, else the default. A password is never taken from a URL (it would show in the process
 * list and in files): it comes from {@value #PASSWORD_ENVIRONMENT}, or from {@code ~/.pgpass}, which the driver reads.
 *
 * @param kind which database
 * @param jdbcUrl the JDBC URL (null when off)
 * @param shown how to name it in messages
 */
public record StoreLocation(Kind kind, String jdbcUrl, String shown) {
    /** The environment variable naming the store when {@code --store} does not. */
    public static final String ENVIRONMENT = "IPCMARK_STORE";
    /** The environment variable holding the PostgreSQL password. */
    public static final String PASSWORD_ENVIRONMENT = "IPCMARK_STORE_PASSWORD";

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)([?&]password=)|(://[^/@]*:[^/@]*@)");

    /** The databases a store can be in. */
    public enum Kind {
        /** An embedded SQLite file. */
        SQLITE,
        /** A PostgreSQL server. */
        POSTGRESQL,
        /** No store. */
        OFF
    }

    /** The file name of the default store, in the results directory. */
    public static final String DEFAULT_FILE = "ipcmark.sqlite";

    /**
     * The store named by {@code option} (may be null), the environment, or the default {@value #DEFAULT_FILE} in
     * {@code resultsDir}.
     */
    public static StoreLocation resolve(String option, Path resultsDir) {
        String spec = Optional.ofNullable(option)
                .or(() -> Optional.ofNullable(System.getenv(ENVIRONMENT)).filter(s -> !s.isBlank()))
                .orElse("sqlite:" + resultsDir.resolve(DEFAULT_FILE));
        return parse(spec);
    }

    /** Parses {@code spec}; throws {@link StoreException} saying what is accepted. */
    public static StoreLocation parse(String spec) {
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("off") || lower.equals("none")) {
            return new StoreLocation(Kind.OFF, null, "off");
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            if (PASSWORD_IN_URL.matcher(s).find()) {
                throw StoreException.badInput("--store " + redact(s) + ": a password does not belong in the store's URL"
                        + " (it would show in the process list and in files); put it in " + PASSWORD_ENVIRONMENT
                        + " or ~/.pgpass");
            }
            String rest = s.substring(s.indexOf("://") + 3);
            return new StoreLocation(Kind.POSTGRESQL, "jdbc:postgresql://" + rest, "postgresql://" + rest);
        }
        String path = lower.startsWith("sqlite:") ? s.substring("sqlite:".length()) : s;
        if (lower.startsWith("sqlite:") || lower.endsWith(".sqlite") || lower.endsWith(".db")) {
            Path file = Path.of(path).toAbsolutePath();
            return new StoreLocation(Kind.SQLITE, "jdbc:sqlite:" + file, file.toString());
        }
        throw StoreException.badInput(
                "--store " + redact(s) + " is not a store; allowed: sqlite:PATH (or a path ending in"
                        + " .sqlite or .db), postgresql://HOST[:PORT]/DATABASE?user=NAME, or off");
    }

    private static String redact(String spec) {
        return spec.replaceAll("(?i)password=[^&]*", "password=…").replaceAll("://([^/@:]*):[^/@]*@", "://$1:…@");
    }

    /** Whether there is a store at all. */
    public boolean enabled() {
        return kind != Kind.OFF;
    }
}
