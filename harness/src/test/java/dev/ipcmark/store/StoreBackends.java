package dev.ipcmark.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The databases a store can be in, each able to give a test a fresh, empty store of its own: every store test runs
 * over all of them. PostgreSQL is the test JVM's one private server ({@link PrivatePostgres#shared}), a new database
 * per store.
 */
final class StoreBackends {
    /** The backends, by name. */
    static final List<String> ALL = List.of("sqlite", "postgresql");

    private StoreBackends() {}

    /** A fresh store spec (with its password, null for SQLite) on {@code backend}; SQLite files go in {@code dir}. */
    static Fresh fresh(String backend, Path dir) throws IOException, InterruptedException, SQLException {
        if (backend.equals("sqlite")) {
            return new Fresh("sqlite:" + Files.createTempDirectory(dir, "store").resolve("ipcmark.sqlite"), null);
        }
        PrivatePostgres postgres = PrivatePostgres.shared();
        return new Fresh(postgres.createDatabase(), postgres.password());
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
}
