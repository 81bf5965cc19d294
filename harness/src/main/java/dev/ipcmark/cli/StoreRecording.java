package dev.ipcmark.cli;

import dev.ipcmark.results.RunRecord;
import dev.ipcmark.store.Store;
import dev.ipcmark.store.StoreException;
import dev.ipcmark.store.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Files the runs of one {@code ipcmark run} in the results store, after their directories are complete. The store
 * is a copy: when it cannot be reached or written the run is not lost, the failure is said once (later runs of the
 * command do not try again) with the command that adds the run later, and the exit status stays the run's.
 */
final class StoreRecording implements AutoCloseable {
    private final StoreLocation location;
    private final Map<String, String> tags;
    private final String machineClass;
    private final PrintWriter out;
    private Store store;
    private String failure;

    StoreRecording(StoreLocation location, Map<String, String> tags, String machineClass, PrintWriter out) {
        this.location = location;
        this.tags = tags;
        this.machineClass = machineClass;
        this.out = out;
    }

    /** Records the finished run in {@code runDir}; says so, or says once why it could not. */
    void record(Path runDir) {
        if (!location.enabled()) {
            return;
        }
        if (failure != null) {
            out.println("ipcmark: not recorded in the store (" + failure + "); add it later: ipcmark store import "
                    + runDir + storeOption());
            return;
        }
        try {
            if (store == null) {
                store = Store.open(location);
            }
            RunRecord record = RunRecord.read(runDir);
            Store.Recorded outcome = store.record(runDir, record, tags, machineClass);
            out.println("Store: " + location.shown() + " ("
                    + outcome.name().toLowerCase().replace('_', ' ') + ")");
        } catch (StoreException | IOException e) {
            failure = e.getMessage();
            out.println("ipcmark: the run was not recorded in the store: " + failure);
            out.println("  its directory is complete; add it later: ipcmark store import " + runDir + storeOption());
        }
        out.flush();
    }

    private String storeOption() {
        return " --store " + (location.kind() == StoreLocation.Kind.SQLITE ? "sqlite:" : "") + location.shown();
    }

    @Override
    public void close() {
        if (store != null) {
            try {
                store.close();
            } catch (StoreException e) {
                out.println("ipcmark: " + e.getMessage());
            }
        }
    }
}
