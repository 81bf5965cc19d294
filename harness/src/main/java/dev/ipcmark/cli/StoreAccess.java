package dev.ipcmark.cli;

import dev.ipcmark.store.Store;
import dev.ipcmark.store.StoreLocation;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that work on the results store alone: {@code --store} and where the default is. */
final class StoreAccess {
    @Mixin
    private StoreOptions store;

    @Option(
            names = "--results-dir",
            paramLabel = "DIR",
            description = "The results directory whose default store to use (default: results/ next to the launcher).")
    private Path resultsDir;

    /** The store named. */
    StoreLocation location() {
        return store.location(StoreOptions.resultsDir(resultsDir));
    }

    /** Opens it (creating and migrating it when needed). */
    Store open() {
        return Store.open(location());
    }
}
