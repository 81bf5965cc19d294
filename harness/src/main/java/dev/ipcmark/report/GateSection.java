package dev.ipcmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's gate section: the verdict of the comparison with a baseline, from the run's gate.json. */
final class GateSection {
    private GateSection() {}

    /** {@code vm-2core (5 runs)} or the one run's id. */
    static String baselineName(JsonNode baseline) {
        JsonNode runs = baseline.path("runs");
        if (runs.size() == 1) {
            return runs.get(0).asText();
        }
        return java.nio.file.Path.of(baseline.path("dir").asText("?")).getFileName() + " (" + runs.size() + " runs)";
    }

    /**
     * The gate's verdict on this run against its baseline: the summary, then every comparison that needs a look
     * (regressions first), the rest folded away.
     */
    static void gate(StringBuilder h, JsonNode gate) {
        int regressions = gate.path("regressions").asInt();
        h.append("<h2>Gate: ")
                .append(
                        regressions == 0
                                ? "no regression"
                                : regressions + " regression" + (regressions == 1 ? "" : "s"))
                .append(" against ")
                .append(Html.escape(baselineName(gate.path("baseline"))))
                .append("</h2>\n<p>")
                .append(Html.escape(gate.path("summary").asText()))
                .append(". A change counts only when it is significant across runs (α = ")
                .append(Html.escape(gate.path("alpha").asText()))
                .append(" for all the run's tests together, Holm) and beyond its threshold; too-noisy says how large a"
                        + " change the gate could see here.</p>\n");
        gate.path("environmentDifferences").forEach(d -> h.append("<p class=\"missing\">Different machine: ")
                .append(Html.escape(d.asText()))
                .append("</p>\n"));
        gate.path("warnings").forEach(w -> h.append("<p class=\"missing\">")
                .append(Html.escape(w.asText()))
                .append("</p>\n"));
        List<JsonNode> notable = new ArrayList<>();
        List<JsonNode> rest = new ArrayList<>();
        for (String verdict : List.of(
                "regressed",
                "failed",
                "untestable",
                "withheld",
                "improved",
                "too-noisy",
                "inconclusive",
                "unchanged")) {
            gate.path("results").forEach(r -> {
                if (r.path("verdict").asText().equals(verdict)) {
                    (List.of("regressed", "failed", "untestable", "withheld", "improved")
                                            .contains(verdict)
                                    ? notable
                                    : rest)
                            .add(r);
                }
            });
        }
        if (!notable.isEmpty()) {
            gateTable(h, notable);
        }
        if (!rest.isEmpty()) {
            h.append("<details><summary>")
                    .append(rest.size())
                    .append(" unchanged, too noisy to gate or inconclusive</summary>\n");
            gateTable(h, rest);
            h.append("</details>\n");
        }
    }

    static void gateTable(StringBuilder h, List<JsonNode> results) {
        h.append("<table><thead><tr><th>verdict</th><th>case</th><th>metric</th><th>change</th>"
                + "<th>interval</th><th>why</th></tr></thead><tbody>\n");
        for (JsonNode r : results) {
            String verdict = r.path("verdict").asText();
            h.append("<tr><td>")
                    .append(
                            verdict.equals("regressed") || verdict.equals("failed")
                                    ? "<strong>" + Html.escape(verdict) + "</strong>"
                                    : Html.escape(verdict))
                    .append("</td><td>")
                    .append(Html.escape(r.path("case").asText()))
                    .append("</td><td>")
                    .append(Html.escape(r.path("metric").asText("–")))
                    .append("</td><td class=\"n\">")
                    .append(r.has("ratio") ? percent(r.get("ratio").asDouble()) : "–")
                    .append("</td><td class=\"n\">")
                    .append(
                            r.has("ratioLow")
                                    ? "[" + percent(r.get("ratioLow").asDouble()) + ", "
                                            + percent(r.get("ratioHigh").asDouble()) + "]"
                                    : "–")
                    .append("</td><td>")
                    .append(Html.escape(r.path("note").asText()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }
}
