package dev.ipcmark.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * Connects to a store: SQLite (a private file, WAL, waiting for other writers) or PostgreSQL, with the schema brought up
 * to date by Flyway first.
 */
final class StoreConnection {
    private StoreConnection() {}

    /** Opens a connection to {@code location}, creating and migrating it when needed; {@code password} for PostgreSQL. */
    static Connection open(StoreLocation location, String password) {
        if (!location.enabled()) {
            throw StoreException.badInput("no store: --store off");
        }
        try {
            if (location.kind() == StoreLocation.Kind.SQLITE) {
                PrivateFile.ensure(Path.of(location.shown()));
            }
            Properties properties = new Properties();
            String flywayUrl = location.jdbcUrl();
            if (password != null && location.kind() == StoreLocation.Kind.POSTGRESQL) {
                properties.setProperty("password", password);
            }
            if (location.kind() == StoreLocation.Kind.SQLITE) {
                // Several ipcmark processes may write one file: each waits for the others rather than fail, and
                // takes the write lock when its transaction begins (a read turned write would fail at once when
                // another process wrote in between, busy timeout or not).
                properties.setProperty("journal_mode", "WAL");
                properties.setProperty("busy_timeout", "30000");
                properties.setProperty("foreign_keys", "true");
                properties.setProperty("transaction_mode", "IMMEDIATE");
                // LIKE as PostgreSQL has it (case-sensitive), which also lets a case glob's prefix use the index.
                properties.setProperty("case_sensitive_like", "true");
                flywayUrl += "?busy_timeout=30000&transaction_mode=IMMEDIATE&journal_mode=WAL";
            }
            return openMigrated(location, flywayUrl, properties);
        } catch (SQLException | IOException | RuntimeException e) {
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("cannot open the store " + location.shown() + ": " + Store.rootMessage(e), e);
        }
    }

    /** Attempts at opening an SQLite file that other processes are creating or migrating at the same moment. */
    private static final int SQLITE_OPEN_ATTEMPTS = 8;

    /**
     * Brings the schema up to date and connects. PostgreSQL serialises concurrent migrations with Flyway's advisory
     * lock; SQLite has none, and switching a fresh file to WAL needs it to itself, so processes that open one new file
     * at once race (one gets "database is locked", or "table already exists" and rolls back): the loser tries again,
     * and finds the work done.
     */
    private static Connection openMigrated(StoreLocation location, String flywayUrl, Properties properties)
            throws SQLException {
        boolean sqlite = location.kind() == StoreLocation.Kind.SQLITE;
        for (int attempt = 1; ; attempt++) {
            try {
                Flyway.configure(StoreConnection.class.getClassLoader())
                        .dataSource(flywayUrl, null, properties.getProperty("password"))
                        .locations("classpath:db/migration")
                        .placeholders(Map.of("binary", sqlite ? "BLOB" : "BYTEA"))
                        .loggers(QuietFlywayLog.class.getName())
                        .load()
                        .migrate();
                Connection c = DriverManager.getConnection(location.jdbcUrl(), properties);
                c.setAutoCommit(false);
                return c;
            } catch (SQLException | org.flywaydb.core.api.FlywayException e) {
                if (!sqlite || attempt == SQLITE_OPEN_ATTEMPTS || !raced(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong(50, 250L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether {@code e} is what losing a race for a fresh SQLite file looks like (and nothing else). */
    private static boolean raced(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("SQLITE_BUSY") || m.contains("database is locked") || m.contains("already exists")) {
                return true;
            }
        }
        return false;
    }
}
