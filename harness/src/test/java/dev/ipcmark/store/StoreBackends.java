package dev.ipcmark.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases a store can be in, each able to give a test a fresh, empty store of its own: every store test runs
 * over all of them. PostgreSQL is one private server per test class ({@link PrivatePostgres}), a new database per
 * store.
 */
final class StoreBackends implements AutoCloseable {
    /** The backends, by name. */
    static final List<String> ALL = List.of("sqlite", "postgresql");

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private PrivatePostgres postgres;

    /** A fresh store spec (with its password, null for SQLite) on {@code backend}; SQLite files go in {@code dir}. */
    Fresh fresh(String backend, Path dir) throws IOException, InterruptedException, SQLException {
        if (backend.equals("sqlite")) {
            return new Fresh("sqlite:" + Files.createTempDirectory(dir, "store").resolve("ipcmark.sqlite"), null);
        }
        if (postgres == null) {
            postgres = PrivatePostgres.start();
        }
        String name = "store" + DATABASES.incrementAndGet();
        String admin = "jdbc:" + postgres.spec();
        try (Connection c = DriverManager.getConnection(admin, "ipcmark", postgres.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new Fresh(postgres.spec().replace("/postgres?", "/" + name + "?"), postgres.password());
    }

    /**
     * A fresh store.
     *
     * @param spec its {@code --store} spec
     * @param password its PostgreSQL password (null for SQLite)
     */
    record Fresh(String spec, String password) {
        /** Opens it. */
        Store open() {
            return Store.open(StoreLocation.parse(spec), password);
        }
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
