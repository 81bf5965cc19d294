package dev.ipcmark.results;

import dev.ipcmark.nativeio.ThreadUsage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code summary.csv}: one row per case, failed and skipped ones included. Columns: the case key and its parts (one
 * column per knob used by any case), status and reason, then the latency percentiles in nanoseconds, throughput and
 * JMH's score.
 */
public final class SummaryCsv {
    /** The columns after the knob columns. */
    public static final List<String> MEASURES = List.of(
            "status",
            "reason",
            "samples",
            "p50_ns",
            "p90_ns",
            "p99_ns",
            "p99_9_ns",
            "p99_99_ns",
            "max_ns",
            "mean_ns",
            "ops_per_s",
            "jmh_score",
            "jmh_error",
            "jmh_unit",
            "seconds",
            "msgs_per_s",
            "mb_per_s",
            "producer_min_msgs_per_s",
            "producer_max_msgs_per_s",
            "uncorrected_p50_ns",
            "uncorrected_p99_ns",
            "self_user_ns_per_op",
            "self_sys_ns_per_op",
            "self_vcsw_per_op",
            "self_ivcsw_per_op",
            "self_minflt_per_op",
            "self_majflt_per_op",
            "peer_user_ns_per_op",
            "peer_sys_ns_per_op",
            "peer_vcsw_per_op",
            "peer_ivcsw_per_op",
            "peer_minflt_per_op",
            "peer_majflt_per_op");

    /** The tag of rate's histogram timed from each actual send. */
    public static final String UNCORRECTED = "uncorrected";

    private SummaryCsv() {}

    /** The CSV text for {@code results}. */
    public static String render(List<CaseResult> results) {
        TreeSet<String> knobs = new TreeSet<>();
        results.forEach(r -> knobs.addAll(r.spec().knobs().keySet()));
        List<String> header = new ArrayList<>(List.of("case", "pattern", "transport", "message_bytes"));
        header.addAll(knobs);
        header.addAll(MEASURES);
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(header.toArray(String[]::new))
                .setRecordSeparator('\n')
                .get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (CaseResult r : results) {
                List<Object> row = new ArrayList<>(List.of(
                        r.spec().key(),
                        r.spec().pattern().id(),
                        r.spec().transport(),
                        r.spec().messageBytes()));
                knobs.forEach(k -> row.add(r.spec().knobs().getOrDefault(k, "")));
                row.add(r.status().id());
                row.add(r.reason());
                LatencyStats l = r.latency();
                if (l == null) {
                    for (int i = 0; i < 8; i++) {
                        row.add("");
                    }
                } else {
                    row.addAll(List.of(l.samples(), l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max()));
                    row.add(number(l.mean()));
                }
                row.add(number(r.opsPerSecond()));
                row.add(r.jmh() == null ? "" : number(r.jmh().score()));
                row.add(r.jmh() == null ? "" : number(r.jmh().error()));
                row.add(r.jmh() == null ? "" : r.jmh().unit());
                row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
                CaseResult.Throughput t = r.throughput();
                row.add(t == null ? "" : number(t.messagesPerSecond()));
                row.add(t == null ? "" : number(t.bytesPerSecond() / 1e6));
                boolean producers = t != null && !t.perProducer().isEmpty();
                row.add(producers ? number(Collections.min(t.perProducer())) : "");
                row.add(producers ? number(Collections.max(t.perProducer())) : "");
                LatencyStats u = r.parts().get(UNCORRECTED);
                row.add(u == null ? "" : u.p50());
                row.add(u == null ? "" : u.p99());
                Costs c = r.costs();
                usage(row, c, c == null ? null : c.self());
                usage(row, c, c == null ? null : c.peer());
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void usage(List<Object> row, Costs costs, ThreadUsage u) {
        if (u == null) {
            for (int i = 0; i < 6; i++) {
                row.add("");
            }
            return;
        }
        row.add(number(costs.perOperation(u.userNs())));
        row.add(number(costs.perOperation(u.systemNs())));
        row.add(number(costs.perOperation(u.voluntarySwitches())));
        row.add(number(costs.perOperation(u.involuntarySwitches())));
        row.add(number(costs.perOperation(u.minorFaults())));
        row.add(number(costs.perOperation(u.majorFaults())));
    }

    /** {@code parts.csv}: every tagged histogram of every case (rate's uncorrected view, setup's steps), a row each. */
    public static String renderParts(List<CaseResult> results) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader("case", "part", "samples", "p50_ns", "p90_ns", "p99_ns", "p99_9_ns", "max_ns", "mean_ns")
                .setRecordSeparator('\n')
                .get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (CaseResult r : results) {
                for (var part : r.parts().entrySet()) {
                    LatencyStats l = part.getValue();
                    csv.printRecord(
                            r.spec().key(),
                            part.getKey(),
                            l.samples(),
                            l.p50(),
                            l.p90(),
                            l.p99(),
                            l.p999(),
                            l.max(),
                            number(l.mean()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "";
    }
}
