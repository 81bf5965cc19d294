package dev.ipcmark.report;

import dev.ipcmark.results.NestedBootstrap;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.TransportKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What a library costs over the mechanism it is built on (gRPC over unix-stream, Aeron over shm): each of its cases
 * beside the run's best case of that mechanism at the same pattern and size, the ratio of their p50s (of their rates,
 * for the patterns that move data) with a 95 % interval from resampling both cases' forks and iterations, and the
 * difference per operation.
 */
final class FrameworkCostTable {
    private static final int RESAMPLES = 2000;
    private static final int FEWEST_VALUES = 3;

    private FrameworkCostTable() {}

    /** One framework case and its mechanism's best. */
    record Row(CaseRow framework, CaseRow mechanism, boolean byRate, double ratio, double low, double high) {
        /** The sentence a reader takes away. */
        String sentence(Labels labels) {
            String interval = Double.isNaN(low)
                    ? " (too few iterations recorded for an interval)"
                    : " [" + times(low) + ", " + times(high) + "]";
            String at = " at " + Sizes.label(framework.messageBytes()) + " (" + framework.pattern() + ")";
            if (byRate) {
                return labels.of(framework) + " moves " + times(ratio) + interval + " the MB/s of "
                        + labels.of(mechanism) + at;
            }
            double adds = framework.latency("p50") - mechanism.latency("p50");
            return labels.of(framework) + " takes " + times(ratio) + interval + " the p50 of " + labels.of(mechanism)
                    + at + ": " + (adds >= 0 ? "+" : "") + HtmlCells.micros(adds) + " µs per operation";
        }
    }

    /** The rows of {@code cases}: one per framework case whose mechanism ran at its pattern and size. */
    static List<Row> rows(List<CaseRow> cases) {
        List<CaseRow> ok = cases.stream().filter(CaseRow::ok).toList();
        List<Row> rows = new ArrayList<>();
        for (CaseRow f : ok) {
            Optional<String> base =
                    TransportKind.byId(f.transport()).flatMap(k -> k.create().builtOn());
            if (base.isEmpty()) {
                continue;
            }
            boolean byRate =
                    Pattern.byId(f.pattern()).map(Pattern::gatesThroughput).orElse(false)
                            && f.megabytesPerSecond().isPresent();
            Comparator<CaseRow> better = byRate
                    ? Comparator.comparingDouble(
                            (CaseRow c) -> -c.megabytesPerSecond().orElse(0.0))
                    : Comparator.comparingDouble((CaseRow c) -> c.latency("p50"));
            ok.stream()
                    .filter(m -> m.transport().equals(base.get())
                            && m.pattern().equals(f.pattern())
                            && m.messageBytes() == f.messageBytes())
                    .min(better)
                    .ifPresent(m -> rows.add(row(f, m, byRate)));
        }
        return rows;
    }

    private static Row row(CaseRow f, CaseRow m, boolean byRate) {
        double ratio = byRate
                ? f.megabytesPerSecond().orElseThrow() / m.megabytesPerSecond().orElseThrow()
                : f.latency("p50") / m.latency("p50");
        String metric = byRate ? "rate" : "p50";
        List<double[]> a = f.iterations().get(metric);
        List<double[]> b = m.iterations().get(metric);
        if (values(a) < FEWEST_VALUES || values(b) < FEWEST_VALUES) {
            return new Row(f, m, byRate, ratio, Double.NaN, Double.NaN);
        }
        SplittableRandom random =
                new SplittableRandom(f.key().hashCode() * 31L + m.key().hashCode());
        double[] x = NestedBootstrap.medians(a, RESAMPLES, random);
        double[] y = NestedBootstrap.medians(b, RESAMPLES, random);
        double[] ratios = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            ratios[i] = x[i] / y[i];
        }
        return new Row(
                f, m, byRate, ratio, NestedBootstrap.quantile(ratios, 0.025), NestedBootstrap.quantile(ratios, 0.975));
    }

    private static int values(List<double[]> forks) {
        return forks == null ? 0 : forks.stream().mapToInt(f -> f.length).sum();
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /** The section, or nothing when the run has no framework case beside its mechanism. */
    static void render(StringBuilder h, List<CaseRow> cases) {
        List<Row> rows = rows(cases);
        if (rows.isEmpty()) {
            return;
        }
        Labels labels = new Labels(cases.stream().filter(CaseRow::ok).toList());
        h.append("<h2 id=\"frameworks\">Frameworks over their mechanisms</h2>\n<p>Each library case beside the run's"
                + " best case of the mechanism it is built on (gRPC: unix-stream; Aeron: shm), same pattern and size."
                + " The ratio is of p50s (of MB/s for the patterns that move data), its 95 % interval from resampling"
                + " both cases' forks and iterations.</p>\n<table class=\"sortable\"><thead><tr><th>pattern</th>"
                + "<th>size</th><th>framework</th><th>p50 (µs)</th><th>mechanism</th><th>p50 (µs)</th>"
                + "<th>ratio</th><th>95 % interval</th></tr></thead><tbody>\n");
        for (Row r : rows) {
            h.append("<tr><td>")
                    .append(Html.escape(r.framework().pattern()))
                    .append("</td><td class=\"n\" data-v=\"")
                    .append(r.framework().messageBytes())
                    .append("\">")
                    .append(Html.escape(Sizes.label(r.framework().messageBytes())))
                    .append("</td><td title=\"")
                    .append(Html.escape(r.framework().key()))
                    .append("\">")
                    .append(Html.escape(labels.of(r.framework())))
                    .append("</td>")
                    .append(HtmlCells.microsCell(r.framework().latency("p50")))
                    .append("<td title=\"")
                    .append(Html.escape(r.mechanism().key()))
                    .append("\">")
                    .append(Html.escape(labels.of(r.mechanism())))
                    .append("</td>")
                    .append(HtmlCells.microsCell(r.mechanism().latency("p50")))
                    .append("<td class=\"n\">")
                    .append(times(r.ratio()))
                    .append("</td><td class=\"n\">")
                    .append(Double.isNaN(r.low()) ? "cannot tell" : times(r.low()) + " – " + times(r.high()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<ul>");
        rows.forEach(
                r -> h.append("<li>").append(Html.escape(r.sentence(labels))).append("</li>"));
        h.append("</ul>\n");
    }
}
