package dev.ipcmark.cli;

import dev.ipcmark.store.StoreLocation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store} option of every command that reads or writes the results store. */
final class StoreOptions {
    @Option(
            names = "--store",
            paramLabel = "STORE",
            description = "The results store: sqlite:PATH (or a path ending in .sqlite or .db),"
                    + " postgresql://HOST[:PORT]/DATABASE?user=NAME (password from "
                    + StoreLocation.PASSWORD_ENVIRONMENT
                    + " or ~/.pgpass, never from the URL), or off. Default: " + StoreLocation.ENVIRONMENT
                    + " if set, else " + StoreLocation.DEFAULT_FILE + " in the results directory.")
    private String store;

    /** The store these options name, the default one being in {@code resultsDir}. */
    StoreLocation location(Path resultsDir) {
        return StoreLocation.resolve(store, resultsDir);
    }

    /** The results directory a command uses: {@code option}, or results/ next to the launcher. */
    static Path resultsDir(Path option) {
        return option != null ? option : Main.home().resolve("results");
    }
}
