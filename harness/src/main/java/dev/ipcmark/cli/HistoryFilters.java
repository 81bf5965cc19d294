package dev.ipcmark.cli;

import dev.ipcmark.store.History;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Which stored runs a history or a report from the store follows. */
final class HistoryFilters {
    @Option(names = "--machine-class", paramLabel = "NAME", description = "Only runs filed under this machine class.")
    private String machineClass;

    @Option(names = "--branch", paramLabel = "NAME", description = "Only runs of ipcmark built from this git branch.")
    private String branch;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Only runs of this scenario (its name).")
    private String scenario;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "Only runs started since a date (2026-11-01) or an age (30d, 12h).")
    private String since;

    /** The query for {@code metric} of the cases matching {@code glob}; {@code machines} overrides the class filter. */
    History.Query query(String glob, String metric, String machines) {
        return new History.Query(
                glob,
                metric,
                machines != null ? machines : machineClass,
                branch,
                since == null ? null : History.since(since, Instant.now()),
                scenario);
    }
}
