package dev.ipcmark.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.results.HistogramLogs;
import dev.ipcmark.results.MachineIdentity;
import dev.ipcmark.results.RunRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The results store: the database behind {@link StoreLocation}, its schema brought up to date by Flyway when it is
 * opened (the migrations in {@code db/migration}, one set for SQLite and PostgreSQL). Runs go in whole, in one
 * transaction, keyed by what identifies them (host, run id, start), so that recording a run twice changes nothing,
 * and many machines can write into one PostgreSQL at once.
 */
public final class Store implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreLocation location;
    private final Connection connection;

    private Store(StoreLocation location, Connection connection) {
        this.location = location;
        this.connection = connection;
    }

    /**
     * Opens (creating and migrating it when needed) the store at {@code location}; a PostgreSQL password comes from
     * {@value StoreLocation#PASSWORD_ENVIRONMENT}, or {@code ~/.pgpass}.
     */
    public static Store open(StoreLocation location) {
        return open(location, System.getenv(StoreLocation.PASSWORD_ENVIRONMENT));
    }

    /** As {@link #open(StoreLocation)} with PostgreSQL's {@code password} (null: the driver finds one). */
    static Store open(StoreLocation location, String password) {
        return new Store(location, StoreConnection.open(location, password));
    }

    /** Where the store is, for messages. */
    public StoreLocation location() {
        return location;
    }

    /** What became of a run given to {@link #record}. */
    public enum Recorded {
        /** It is in the store now. */
        ADDED,
        /** It was there already (as complete, or as incomplete as it is now): nothing changed. */
        ALREADY_THERE,
        /** An incomplete record of it was replaced by this one. */
        COMPLETED
    }

    /**
     * Records the run in {@code runDir} ({@code record} is its run.json) with {@code tags}, on a machine of
     * {@code machineClass} (null: the class its identity gives), histograms included; one transaction.
     */
    public Recorded record(Path runDir, RunRecord record, Map<String, String> tags, String machineClass) {
        MachineIdentity identity = MachineIdentity.of(record.environment());
        String hostname = String.valueOf(
                record.environment() == null ? "unknown" : record.environment().getOrDefault("hostname", "unknown"));
        String machineKey = Keys.sha256(hostname, identity.toString());
        String runKey = Keys.sha256(hostname, record.runId(), String.valueOf(record.startedAt()));
        boolean complete = "finished".equals(record.state());
        try {
            Boolean existing = existing(runKey);
            Recorded outcome = Recorded.ADDED;
            if (existing != null) {
                if (existing || !complete) {
                    connection.rollback();
                    return Recorded.ALREADY_THERE;
                }
                RunRows.delete(connection, runKey);
                outcome = Recorded.COMPLETED;
            }
            RunRows.machine(connection, machineKey, hostname, identity, JSON.writeValueAsString(record.environment()));
            RunRows.run(
                    connection,
                    runKey,
                    machineKey,
                    machineClass != null ? machineClass : identity.machineClass(),
                    record,
                    complete,
                    OffsetDateTime.now().toString());
            RunRows.tags(connection, runKey, tags);
            for (RunRecord.CaseRecord c : record.cases()) {
                RunRows.caseResult(connection, runKey, c);
                RunRows.samples(connection, runKey, c);
                if (c.files() != null && c.files().get("hlog") != null) {
                    Path hlog = runDir.resolve(c.files().get("hlog"));
                    if (Files.isRegularFile(hlog)) {
                        RunRows.histograms(
                                connection, runKey, c.key(), HistogramLogs.total(hlog), HistogramLogs.tagged(hlog));
                    }
                }
            }
            RunRows.probes(connection, runKey, record.calibration());
            connection.commit();
            return outcome;
        } catch (SQLException | JsonProcessingException | RuntimeException e) {
            rollbackQuietly();
            if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                // Another ipcmark wrote the same run at the same moment (PostgreSQL's unique violation).
                return Recorded.ALREADY_THERE;
            }
            throw new StoreException(
                    "cannot record " + record.runId() + " in " + location.shown() + ": " + rootMessage(e), e);
        }
    }

    /** Whether the run is stored (true: complete, false: incomplete), or null when it is not. */
    private Boolean existing(String runKey) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT complete FROM run WHERE run_key = ?")) {
            s.setString(1, runKey);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) == 1 : null;
            }
        }
    }

    /** The points of a metric's history that {@code query} asks for, oldest first. */
    public List<History.Point> history(History.Query query) {
        try {
            List<History.Point> points = History.points(connection, query);
            connection.commit();
            return points;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("cannot read the history from " + location.shown() + ": " + rootMessage(e), e);
        }
    }

    /**
     * The newest {@code last} complete runs of {@code scenarioName} (null: any) on {@code branch} (null: any) on
     * machines of {@code machineClass} (null: any), oldest first, as their run.json records.
     */
    public List<RunRecord> runs(String scenarioName, String branch, String machineClass, int last) {
        StringBuilder sql = new StringBuilder("SELECT r.record FROM run r WHERE r.complete = 1");
        List<String> args = new ArrayList<>();
        if (scenarioName != null) {
            sql.append(" AND r.scenario_name = ?");
            args.add(scenarioName);
        }
        if (branch != null) {
            sql.append(" AND r.git_branch = ?");
            args.add(branch);
        }
        if (machineClass != null) {
            sql.append(" AND r.machine_class = ?");
            args.add(machineClass);
        }
        sql.append(" ORDER BY r.started_ms DESC, r.run_key DESC LIMIT ").append(last);
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setString(i + 1, args.get(i));
            }
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(RunRecord.parse(r.getString(1)));
                }
            }
            connection.commit();
            return runs.reversed();
        } catch (SQLException | IOException e) {
            rollbackQuietly();
            throw new StoreException("cannot read runs from " + location.shown() + ": " + rootMessage(e), e);
        }
    }

    /**
     * A case's histogram ({@code tag} "" for the main one) as the newest stored run with id {@code runId} recorded it,
     * decoded: every percentile of the case, from the store alone.
     */
    public Optional<Histogram> histogram(String runId, String caseKey, String tag) {
        try (PreparedStatement s = connection.prepareStatement("SELECT h.data FROM histogram h JOIN run r ON"
                + " r.run_key = h.run_key WHERE r.run_id = ? AND h.case_key = ? AND h.tag = ?"
                + " ORDER BY r.started_ms DESC LIMIT 1")) {
            s.setString(1, runId);
            s.setString(2, caseKey);
            s.setString(3, tag);
            Optional<Histogram> found = Optional.empty();
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    found = Optional.of(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(r.getBytes(1)), 0));
                }
            }
            connection.commit();
            return found;
        } catch (SQLException | DataFormatException e) {
            rollbackQuietly();
            throw new StoreException("cannot read a histogram from " + location.shown() + ": " + rootMessage(e), e);
        }
    }

    /** How many runs, cases and samples the store holds, and its size in bytes (SQLite; -1 elsewhere). */
    public String describe() {
        try (Statement s = connection.createStatement()) {
            List<String> counts = new ArrayList<>();
            for (String table : List.of("machine", "run", "case_result", "sample", "histogram")) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    r.next();
                    counts.add(
                            r.getLong(1) + " " + table.replace("case_result", "case") + (r.getLong(1) == 1 ? "" : "s"));
                }
            }
            connection.commit();
            String size = location.kind() == StoreLocation.Kind.SQLITE
                    ? ", " + Files.size(Path.of(location.shown())) / 1024 + " KiB"
                    : "";
            return location.shown() + ": " + String.join(", ", counts) + size;
        } catch (SQLException | IOException e) {
            rollbackQuietly();
            throw new StoreException("cannot read " + location.shown() + ": " + rootMessage(e), e);
        }
    }

    /** The JDBC connection, for queries of this package (one thread at a time). */
    Connection connection() {
        return connection;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken already; the error being reported says more.
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        return m.replaceAll("(?i)password=[^&\\s]*", "password=…");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + location.shown() + ": " + rootMessage(e), e);
        }
    }
}
