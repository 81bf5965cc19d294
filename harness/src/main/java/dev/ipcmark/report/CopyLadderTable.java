package dev.ipcmark.report;

import dev.ipcmark.results.CopyLadder;
import dev.ipcmark.scenario.Sizes;
import java.util.List;
import java.util.Map;

/**
 * The copy ladder as a table: for each size, each rung (how many times the payload is copied) with its cheapest case,
 * that case's mean per transfer and 95 % interval, what the rung costs to set up, and which rung is cheapest, if the
 * run can tell; then the verdicts in words.
 */
final class CopyLadderTable {
    private CopyLadderTable() {}

    static void render(StringBuilder h, List<Map<String, String>> rows, List<String> sentences) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"copy-ladder\">Copy ladder</h2>\n<p>Every transfer case by how many times its payload is"
                + " copied on the way: 2 (into the kernel and out: pipes, sockets, queues), 1 (cma's process_vm_writev,"
                + " or a copy into shared memory read in place), 0 (the receiver reads the memory the sender produced"
                + " in: shm in place, a memfd handed over). Per size, each rung's cheapest case; the set-up column is"
                + " what the rung pays before its first transfer.</p>\n");
        h.append("<table class=\"sortable\"><thead><tr><th>size</th><th>copies</th><th>cheapest case of the rung</th>"
                + "<th>mean per transfer (µs)</th><th>95 % interval (µs)</th><th>set-up</th><th>cheapest rung</th>"
                + "</tr></thead><tbody>\n");
        for (Map<String, String> r : rows) {
            long bytes = Long.parseLong(r.get("message_bytes"));
            String cheapest = r.getOrDefault("cheapest", "");
            String share = r.getOrDefault("cheapest_share", "");
            h.append("<tr><td class=\"n\" data-v=\"")
                    .append(bytes)
                    .append("\">")
                    .append(Html.escape(Sizes.label(bytes)))
                    .append("</td><td>")
                    .append(Html.escape(CopyLadder.copies(Integer.parseInt(r.get("copies")))))
                    .append("</td><td>")
                    .append(Html.escape(r.get("case")))
                    .append("</td>")
                    .append(HtmlCells.microsCell(number(r.get("mean_ns"))))
                    .append("<td class=\"n\">")
                    .append(Html.escape(interval(r)))
                    .append("</td><td>")
                    .append(Html.escape(r.getOrDefault("setup", "")))
                    .append("</td><td>")
                    .append(cheapest.equals("yes") ? "<strong>yes</strong>" : Html.escape(cheapest))
                    .append(share.isEmpty() ? "" : " (" + Html.escape(share) + " of resamples)")
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<ul>");
        sentences.forEach(s -> h.append("<li>").append(Html.escape(s)).append("</li>"));
        h.append("</ul>\n");
    }

    private static String interval(Map<String, String> r) {
        double low = number(r.get("mean_low_ns"));
        double high = number(r.get("mean_high_ns"));
        return Double.isNaN(low) ? "" : HtmlCells.micros(low) + " – " + HtmlCells.micros(high);
    }

    private static double number(String text) {
        return text == null || text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }
}
