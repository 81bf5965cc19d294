package dev.ipcmark.report;

import dev.ipcmark.results.CopyVsMap;
import dev.ipcmark.scenario.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The copy-vs-map verdict as a table: for each copy transport and map variant, from which size a fresh mapping (set-up
 * included) beats copying a single transfer, the sizes the run cannot tell, and after how many transfers mapping pays
 * at one page (4 KiB) or the nearest size measured, with its 95 % interval.
 */
final class CopyVsMapTable {
    private static final long PAGE = 4096;

    private CopyVsMapTable() {}

    static void render(StringBuilder h, List<Map<String, String>> rows, List<CopyVsMap.Crossover> crossovers) {
        Map<String, List<Map<String, String>>> pairs = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            pairs.computeIfAbsent(r.get("copy_transport") + "\u0000" + r.get("map_variant"), k -> new ArrayList<>())
                    .add(r);
        }
        if (pairs.isEmpty()) {
            return;
        }
        h.append("<table class=\"sortable\"><thead><tr><th>copy</th><th>map</th>"
                + "<th>a fresh mapping wins one transfer from</th><th>cannot tell at</th>"
                + "<th>size</th><th>break-even (transfers)</th><th>95 % interval</th></tr></thead><tbody>\n");
        pairs.values().forEach(pair -> {
            String copy = pair.getFirst().get("copy_transport");
            String map = pair.getFirst().get("map_variant");
            String from = crossovers.stream()
                    .filter(c -> c.copy().equals(copy) && c.map().equals(map))
                    .findFirst()
                    .map(c -> Sizes.label(c.fromBytes()))
                    .orElse("no size measured");
            List<String> unsure = new ArrayList<>();
            Map<String, String> nearest = pair.getFirst();
            for (Map<String, String> r : pair) {
                double share = percent(r.get("map_wins_first_transfer_share"));
                if (share > 2.5 && share < 97.5) {
                    unsure.add(Sizes.label(bytes(r)));
                }
                if (Math.abs(Math.log((double) bytes(r) / PAGE)) < Math.abs(Math.log((double) bytes(nearest) / PAGE))) {
                    nearest = r;
                }
            }
            h.append("<tr><td>")
                    .append(Html.escape(copy))
                    .append("</td><td>")
                    .append(Html.escape(map))
                    .append("</td><td>")
                    .append(Html.escape(from))
                    .append("</td><td>")
                    .append(Html.escape(unsure.isEmpty() ? "–" : String.join(", ", unsure)))
                    .append("</td><td class=\"n\" data-v=\"")
                    .append(bytes(nearest))
                    .append("\">")
                    .append(Html.escape(Sizes.label(bytes(nearest))))
                    .append("</td><td class=\"n\">")
                    .append(Html.escape(nearest.getOrDefault("break_even_transfers", "")))
                    .append("</td><td class=\"n\">")
                    .append(Html.escape(interval(nearest)))
                    .append("</td></tr>\n");
        });
        h.append("</tbody></table>\n");
    }

    private static long bytes(Map<String, String> r) {
        return Long.parseLong(r.get("message_bytes"));
    }

    /** {@code 87.5%} as 87.5; NaN when absent (a run made before the intervals were kept). */
    private static double percent(String text) {
        if (text == null || text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.replace("%", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String interval(Map<String, String> r) {
        String low = r.getOrDefault("break_even_low", "");
        String high = r.getOrDefault("break_even_high", "");
        return low.isEmpty() || high.isEmpty() ? "not resampled" : "[" + low + ", " + high + "]";
    }
}
