package dev.ipcmark.report;

import dev.ipcmark.results.NestedBootstrap;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The report's first table: for each pattern and size, the fastest and the slowest variant with their percentiles
 * and throughput, and how sure the run is that the fastest beats the runner-up. Fastest means the lowest p50, or the
 * highest throughput for the patterns whose headline figure is a rate (streams and fan-in move data; a round trip's
 * rate is only its latency inverted).
 */
final class Summary {
    private static final int RESAMPLES = 2000;
    /** Two-sided 95 %: the winner must be ahead in 97.5 % of the resamples. */
    private static final double SURE = 0.975;
    /** Fewer per-iteration values than this in a case say nothing about its spread. */
    private static final int FEWEST_VALUES = 3;

    private Summary() {}

    /** The table of {@code cases}' winners, or nothing when no case ran. */
    static void render(StringBuilder h, List<CaseRow> cases) {
        List<CaseRow> ok = cases.stream().filter(CaseRow::ok).toList();
        if (ok.isEmpty()) {
            return;
        }
        Labels labels = new Labels(ok);
        // Patterns in the order the run measured them, sizes ascending within each.
        List<String> patterns = ok.stream().map(CaseRow::pattern).distinct().toList();
        Map<String, List<CaseRow>> groups = new LinkedHashMap<>();
        ok.stream()
                .sorted(Comparator.comparingInt((CaseRow c) -> patterns.indexOf(c.pattern()))
                        .thenComparingLong(CaseRow::messageBytes))
                .forEach(c -> groups.computeIfAbsent(c.pattern() + "/" + c.messageBytes(), k -> new ArrayList<>())
                        .add(c));
        h.append("<h2 id=\"summary\">Fastest and slowest at each size</h2>\n<p>Fastest is the lowest p50, or the"
                + " highest throughput for patterns that move data. \"How sure\" resamples each case's forks and"
                + " iterations (nested bootstrap) and counts how often the fastest stays ahead of the runner-up;"
                + " with one fork the spread between JVMs is not seen, so treat it as a lower bound of the"
                + " uncertainty.</p>\n<table class=\"sortable\"><thead><tr><th>pattern</th><th>size</th>"
                + "<th>variants</th><th>fastest</th><th>p50 (µs)</th><th>p99 (µs)</th><th>p99.9 (µs)</th>"
                + "<th>MB/s</th><th>how sure</th><th>slowest</th><th>p50 (µs)</th><th>p99 (µs)</th>"
                + "<th>p99.9 (µs)</th><th>MB/s</th></tr></thead><tbody>\n");
        groups.values().forEach(group -> row(h, group, labels));
        h.append("</tbody></table>\n");
    }

    private static void row(StringBuilder h, List<CaseRow> group, Labels labels) {
        boolean byRate = Pattern.byId(group.getFirst().pattern())
                        .map(Pattern::gatesThroughput)
                        .orElse(false)
                && group.stream().allMatch(c -> c.megabytesPerSecond().isPresent());
        Comparator<CaseRow> faster = byRate
                ? Comparator.comparingDouble(
                        (CaseRow c) -> -c.megabytesPerSecond().orElseThrow())
                : Comparator.comparingDouble((CaseRow c) -> c.latency("p50"));
        List<CaseRow> ranked = group.stream().sorted(faster).toList();
        CaseRow best = ranked.getFirst();
        CaseRow worst = ranked.getLast();
        h.append("<tr><td>")
                .append(Html.escape(best.pattern()))
                .append("</td><td class=\"n\" data-v=\"")
                .append(best.messageBytes())
                .append("\">")
                .append(Html.escape(Sizes.label(best.messageBytes())))
                .append("</td><td class=\"n\">")
                .append(group.size())
                .append("</td>");
        figures(h, best, labels);
        h.append("<td>")
                .append(Html.escape(
                        ranked.size() < 2 ? "only one variant" : howSure(best, ranked.get(1), byRate, labels)))
                .append("</td>");
        if (ranked.size() < 2) {
            h.append("<td></td>".repeat(5));
        } else {
            figures(h, worst, labels);
        }
        h.append("</tr>\n");
    }

    private static void figures(StringBuilder h, CaseRow c, Labels labels) {
        h.append("<td title=\"")
                .append(Html.escape(c.key()))
                .append("\">")
                .append(Html.escape(labels.of(c)))
                .append("</td>");
        for (String p : List.of("p50", "p99", "p999")) {
            h.append(HtmlCells.microsCell(c.latency(p)));
        }
        h.append(HtmlCells.megabytesCell(c));
    }

    /** How often {@code best} stays ahead of {@code next} when both are resampled, as a sentence. */
    static String howSure(CaseRow best, CaseRow next, boolean byRate, Labels labels) {
        String metric = byRate ? "rate" : "p50";
        List<double[]> a = best.iterations().get(metric);
        List<double[]> b = next.iterations().get(metric);
        String names = labels.of(best) + " from " + labels.of(next);
        if (values(a) < FEWEST_VALUES || values(b) < FEWEST_VALUES) {
            return "cannot tell " + names + ": too few iterations recorded";
        }
        SplittableRandom random =
                new SplittableRandom(best.key().hashCode() * 31L + next.key().hashCode());
        double[] x = NestedBootstrap.medians(a, RESAMPLES, random);
        double[] y = NestedBootstrap.medians(b, RESAMPLES, random);
        int ahead = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            if (byRate ? x[i] > y[i] : x[i] < y[i]) {
                ahead++;
            }
        }
        double share = (double) ahead / RESAMPLES;
        String percent = String.format(Locale.ROOT, "%.1f %%", share * 100).replace(".0 %", " %");
        // One fork shows one JVM's luck: say so where the claim is made, not only above the table.
        String forks = a.size() < 2 || b.size() < 2 ? ", one fork" : "";
        return share >= SURE
                ? labels.of(best) + " faster than " + labels.of(next) + " in " + percent + " of resamples" + forks
                : "cannot tell " + names + " on this run (ahead in " + percent + " of resamples" + forks + ")";
    }

    private static int values(List<double[]> forks) {
        return forks == null ? 0 : forks.stream().mapToInt(f -> f.length).sum();
    }
}
