package dev.ipcmark.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.results.Calibration;
import dev.ipcmark.results.LatencyStats;
import dev.ipcmark.results.MachineIdentity;
import dev.ipcmark.results.NestedBootstrap;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.scenario.Metric;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/** The rows of one run, written inside the caller's transaction. Portable SQL: SQLite and PostgreSQL take it alike. */
final class RunRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RESAMPLES = 400;

    private RunRows() {}

    static void machine(Connection c, String key, String hostname, MachineIdentity id, String environment)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO machine (machine_key, hostname, cpu_model, cpus,"
                + " arch, kernel, java, memory_kib, environment) VALUES (?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (machine_key) DO NOTHING")) {
            s.setString(1, key);
            s.setString(2, hostname);
            s.setString(3, id.cpuModel());
            s.setString(4, id.cpus());
            s.setString(5, id.arch());
            s.setString(6, id.kernel());
            s.setString(7, id.javaFeature());
            s.setLong(8, id.memoryKiB());
            s.setString(9, environment);
            s.executeUpdate();
        }
    }

    static void run(
            Connection c, String key, String machineKey, String machineClass, RunRecord r, boolean complete, String now)
            throws SQLException, JsonProcessingException {
        Map<String, Object> git = r.git() == null ? Map.of() : r.git();
        Map<String, String> versions = r.versions() == null ? Map.of() : r.versions();
        Map<String, Object> scenario = r.scenario() == null ? Map.of() : r.scenario();
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO run (run_key, run_id, machine_key, machine_class, state, complete,"
                        + " reason, started_at, started_ms, finished_at, command, scenario_name, scenario_file, scenario_sha256,"
                        + " scenario, git_commit, git_branch, git_dirty, ipcmark_version, jmh_version, java_version, fork_order,"
                        + " seed, format_version, record, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            s.setString(++i, key);
            s.setString(++i, r.runId());
            s.setString(++i, machineKey);
            s.setString(++i, machineClass);
            s.setString(++i, r.state());
            s.setInt(++i, complete ? 1 : 0);
            s.setString(++i, r.reason());
            s.setString(++i, r.startedAt() == null ? "" : r.startedAt());
            s.setLong(++i, epochMillis(r.startedAt()));
            s.setString(++i, r.finishedAt());
            s.setString(++i, r.command());
            s.setString(++i, String.valueOf(scenario.getOrDefault("name", "unknown")));
            s.setString(++i, r.scenarioFile());
            s.setString(++i, r.scenarioSha256());
            s.setString(++i, JSON.writeValueAsString(scenario));
            s.setString(++i, text(git.get("commit")));
            s.setString(++i, text(git.get("branch")));
            if (git.get("dirty") instanceof Boolean dirty) {
                s.setInt(++i, dirty ? 1 : 0);
            } else {
                s.setNull(++i, Types.INTEGER);
            }
            s.setString(++i, versions.get("ipcmark"));
            s.setString(++i, versions.get("jmh"));
            s.setString(++i, versions.get("java"));
            s.setString(++i, r.order());
            if (r.seed() == null) {
                s.setNull(++i, Types.BIGINT);
            } else {
                s.setLong(++i, r.seed());
            }
            s.setInt(++i, r.formatVersion());
            s.setString(++i, r.toJson());
            s.setString(++i, now);
            s.executeUpdate();
        }
    }

    static void tags(Connection c, String runKey, Map<String, String> tags) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO run_tag (run_key, name, value) VALUES (?,?,?)")) {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                s.setString(1, runKey);
                s.setString(2, t.getKey());
                s.setString(3, t.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static void caseResult(Connection c, String runKey, RunRecord.CaseRecord r)
            throws SQLException, JsonProcessingException {
        String sql = "INSERT INTO case_result (run_key, case_key, pattern, transport, message_bytes, knobs, status,"
                + " reason, seconds, forks, samples, p50_ns, p90_ns, p99_ns, p999_ns, p9999_ns, max_ns, mean_ns,"
                + " ops_per_s, bytes_per_s, producer_min_msgs_per_s, producer_max_msgs_per_s, jmh_score, jmh_error,"
                + " jmh_unit, p50_low, p50_high, p99_low, p99_high, self_user_ns, self_sys_ns, self_vcsw, self_ivcsw,"
                + " self_minflt, self_majflt, peer_user_ns, peer_sys_ns, peer_vcsw, peer_ivcsw, peer_minflt,"
                + " peer_majflt) VALUES (" + "?,".repeat(40) + "?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 0;
            s.setString(++i, runKey);
            s.setString(++i, r.key());
            s.setString(++i, r.pattern());
            s.setString(++i, r.transport());
            s.setLong(++i, r.messageBytes());
            s.setString(++i, JSON.writeValueAsString(r.knobs() == null ? Map.of() : r.knobs()));
            s.setString(++i, r.status());
            s.setString(++i, r.reason());
            number(s, ++i, r.seconds());
            number(s, ++i, r.forks() == null ? null : r.forks().doubleValue());
            LatencyStats l = r.latencyNs();
            whole(s, ++i, l == null ? null : l.samples());
            whole(s, ++i, l == null ? null : l.p50());
            whole(s, ++i, l == null ? null : l.p90());
            whole(s, ++i, l == null ? null : l.p99());
            whole(s, ++i, l == null ? null : l.p999());
            whole(s, ++i, l == null ? null : l.p9999());
            whole(s, ++i, l == null ? null : l.max());
            number(s, ++i, l == null ? null : l.mean());
            number(s, ++i, r.throughput() == null ? null : r.throughput().messagesPerSecond());
            number(s, ++i, r.throughput() == null ? null : r.throughput().bytesPerSecond());
            List<Double> producers =
                    r.throughput() == null ? List.of() : r.throughput().perProducer();
            number(s, ++i, producers.isEmpty() ? null : java.util.Collections.min(producers));
            number(s, ++i, producers.isEmpty() ? null : java.util.Collections.max(producers));
            number(s, ++i, r.jmh() == null ? null : r.jmh().score());
            number(s, ++i, r.jmh() == null ? null : r.jmh().error());
            s.setString(++i, r.jmh() == null ? null : r.jmh().unit());
            double[] p50 = interval(r.samples() == null ? null : r.samples().of(Metric.P50));
            double[] p99 = interval(r.samples() == null ? null : r.samples().of(Metric.P99));
            number(s, ++i, p50 == null ? null : p50[0]);
            number(s, ++i, p50 == null ? null : p50[1]);
            number(s, ++i, p99 == null ? null : p99[0]);
            number(s, ++i, p99 == null ? null : p99[1]);
            RunRecord.ThreadCosts self =
                    r.costsPerOperation() == null ? null : r.costsPerOperation().self();
            RunRecord.ThreadCosts peer =
                    r.costsPerOperation() == null ? null : r.costsPerOperation().peer();
            for (RunRecord.ThreadCosts t : new RunRecord.ThreadCosts[] {self, peer}) {
                number(s, ++i, t == null ? null : t.userNs());
                number(s, ++i, t == null ? null : t.systemNs());
                number(s, ++i, t == null ? null : t.voluntarySwitches());
                number(s, ++i, t == null ? null : t.involuntarySwitches());
                number(s, ++i, t == null ? null : t.minorFaults());
                number(s, ++i, t == null ? null : t.majorFaults());
            }
            s.executeUpdate();
        }
    }

    /** The 95 % interval of a run's median, from resampling its forks and iterations; null without samples. */
    private static double[] interval(List<List<Double>> forks) {
        if (forks == null || forks.stream().mapToInt(List::size).sum() < 2) {
            return null;
        }
        double[] medians = NestedBootstrap.medians(
                NestedBootstrap.forks(forks), RESAMPLES, new SplittableRandom(forks.hashCode()));
        return new double[] {NestedBootstrap.quantile(medians, 0.025), NestedBootstrap.quantile(medians, 0.975)};
    }

    static void samples(Connection c, String runKey, RunRecord.CaseRecord r) throws SQLException {
        if (r.samples() == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO sample (run_key, case_key, metric, fork, iteration, value) VALUES (?,?,?,?,?,?)")) {
            for (var series : r.samples().series().entrySet()) {
                add(s, runKey, r.key(), series.getKey(), series.getValue());
            }
            s.executeBatch();
        }
    }

    private static void add(PreparedStatement s, String runKey, String caseKey, String metric, List<List<Double>> forks)
            throws SQLException {
        if (forks == null) {
            return;
        }
        for (int f = 0; f < forks.size(); f++) {
            for (int i = 0; i < forks.get(f).size(); i++) {
                s.setString(1, runKey);
                s.setString(2, caseKey);
                s.setString(3, metric);
                s.setInt(4, f);
                s.setInt(5, i);
                s.setDouble(6, forks.get(f).get(i));
                s.addBatch();
            }
        }
    }

    static void histograms(Connection c, String runKey, String caseKey, Histogram total, Map<String, Histogram> tagged)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO histogram (run_key, case_key, tag, encoding, data) VALUES (?,?,?,?,?)")) {
            histogram(s, runKey, caseKey, "", total);
            for (Map.Entry<String, Histogram> t : tagged.entrySet()) {
                histogram(s, runKey, caseKey, t.getKey(), t.getValue());
            }
            s.executeBatch();
        }
    }

    private static void histogram(PreparedStatement s, String runKey, String caseKey, String tag, Histogram h)
            throws SQLException {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        s.setString(1, runKey);
        s.setString(2, caseKey);
        s.setString(3, tag);
        s.setString(4, "hdrhistogram-compressed");
        s.setBytes(5, bytes);
        s.addBatch();
    }

    static void probes(Connection c, String runKey, Calibration calibration) throws SQLException {
        if (calibration == null) {
            return;
        }
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO probe (run_key, probe, round, nanos_per_op) VALUES (?,?,?,?)")) {
            for (Calibration.Probe p : calibration.probes()) {
                for (int i = 0; i < p.nanosPerOp().size(); i++) {
                    s.setString(1, runKey);
                    s.setString(2, p.id());
                    s.setInt(3, i);
                    s.setDouble(4, p.nanosPerOp().get(i));
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    /** Removes a run and everything of it (to replace an incomplete record by a complete one). */
    static void delete(Connection c, String runKey) throws SQLException {
        for (String table : List.of("probe", "histogram", "sample", "case_result", "run_tag", "run")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE run_key = ?")) {
                s.setString(1, runKey);
                s.executeUpdate();
            }
        }
    }

    private static void number(PreparedStatement s, int i, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, value);
        }
    }

    private static void whole(PreparedStatement s, int i, Long value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, value);
        }
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static long epochMillis(String iso) {
        try {
            return iso == null ? 0 : OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
