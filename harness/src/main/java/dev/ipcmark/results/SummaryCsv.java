package dev.ipcmark.results;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
            "seconds");

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
                csv.printRecord(row);
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
