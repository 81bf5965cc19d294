package dev.ipcmark.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A metric's history across stored runs: one point per complete run that measured a case, oldest first. */
public final class History {
    /** The metrics a history can follow, with their columns: value, and the run's interval where it has one. */
    public static final Map<String, String[]> METRICS = metrics();

    private static final Pattern AGO = Pattern.compile("(\\d{1,5})(d|h)");

    private History() {}

    private static Map<String, String[]> metrics() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("p50", new String[] {"p50_ns", "p50_low", "p50_high"});
        m.put("p90", new String[] {"p90_ns", null, null});
        m.put("p99", new String[] {"p99_ns", "p99_low", "p99_high"});
        m.put("p99.9", new String[] {"p999_ns", null, null});
        m.put("max", new String[] {"max_ns", null, null});
        m.put("mean", new String[] {"mean_ns", null, null});
        m.put("ops", new String[] {"ops_per_s", null, null});
        return m;
    }

    /**
     * What to follow.
     *
     * @param caseGlob case keys to match, {@code *} for any text (e.g. {@code ping-pong/pipe/*size=64})
     * @param metric one of {@link #METRICS}
     * @param machineClass only runs on machines of this class (null: any)
     * @param branch only runs of ipcmark built from this branch (null: any)
     * @param since only runs started since then (null: all)
     * @param scenario only runs of this scenario name (null: any)
     */
    public record Query(
            String caseGlob, String metric, String machineClass, String branch, Instant since, String scenario) {
        /** Checks the metric; throws {@link StoreException} listing the allowed ones. */
        public Query {
            if (!METRICS.containsKey(metric)) {
                throw StoreException.badInput(
                        "unknown metric '" + metric + "'; allowed: " + String.join(", ", METRICS.keySet()));
            }
        }
    }

    /**
     * One point.
     *
     * @param runId the run
     * @param startedAt when it started
     * @param commit the git commit ipcmark was built from (may be null)
     * @param branch its branch (may be null)
     * @param machineClass the machine's class
     * @param caseKey the case
     * @param value the metric's value
     * @param low the lower end of the run's 95 % interval, NaN when the metric has none
     * @param high its upper end
     */
    public record Point(
            String runId,
            String startedAt,
            String commit,
            String branch,
            String machineClass,
            String caseKey,
            double value,
            double low,
            double high) {}

    /** {@code 2026-11-01} or {@code 30d} / {@code 12h} ago; throws {@link StoreException} otherwise. */
    public static Instant since(String text, Instant now) {
        Matcher m = AGO.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return now.minus(m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n));
        }
        try {
            return LocalDate.parse(text.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw StoreException.badInput("--since " + text + ": expected a date (2026-11-01) or an age (30d, 12h)");
        }
    }

    static List<Point> points(Connection c, Query q) throws SQLException {
        String[] columns = METRICS.get(q.metric());
        StringBuilder sql = new StringBuilder("SELECT r.run_id, r.started_at, r.git_commit, r.git_branch,"
                + " r.machine_class, c.case_key, c." + columns[0]
                + (columns[1] != null ? ", c." + columns[1] + ", c." + columns[2] : ", NULL, NULL")
                + " FROM case_result c JOIN run r ON r.run_key = c.run_key"
                + " WHERE r.complete = 1 AND c.status = 'ok' AND c.case_key LIKE ? ESCAPE '\\'");
        List<Object> args = new ArrayList<>();
        args.add(like(q.caseGlob()));
        if (q.machineClass() != null) {
            sql.append(" AND r.machine_class = ?");
            args.add(q.machineClass());
        }
        if (q.branch() != null) {
            sql.append(" AND r.git_branch = ?");
            args.add(q.branch());
        }
        if (q.since() != null) {
            sql.append(" AND r.started_ms >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.scenario() != null) {
            sql.append(" AND r.scenario_name = ?");
            args.add(q.scenario());
        }
        sql.append(" ORDER BY c.case_key, r.started_ms, r.run_key");
        List<Point> points = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    double value = r.getDouble(7);
                    if (r.wasNull()) {
                        continue;
                    }
                    double low = r.getDouble(8);
                    low = r.wasNull() ? Double.NaN : low;
                    double high = r.getDouble(9);
                    high = r.wasNull() ? Double.NaN : high;
                    points.add(new Point(
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            value,
                            low,
                            high));
                }
            }
        }
        return points;
    }

    /** A glob as an SQL LIKE pattern: {@code *} any text, {@code ?} one character, the rest literal. */
    static String like(String glob) {
        StringBuilder p = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> p.append('%');
                case '?' -> p.append('_');
                case '%', '_', '\\' -> p.append('\\').append(ch);
                default -> p.append(ch);
            }
        }
        return p.toString();
    }
}
