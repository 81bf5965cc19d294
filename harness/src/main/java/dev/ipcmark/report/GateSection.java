package dev.ipcmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's gate section: the verdict of the comparison with a baseline, from the run's gate.json. */
final class GateSection {
    private GateSection() {}

    /** {@code vm-2core (5 runs)} or the one run's id. */
    static String baselineName(JsonNode baseline) {
        JsonNode runs = baseline.path("runs");
        if (runs.size() == 1) {
            return runs.get(0).asText();
        }
        return baselineDirName(baseline) + " (" + runs.size() + " runs)";
    }

    private static String baselineDirName(JsonNode baseline) {
        return String.valueOf(
                java.nio.file.Path.of(baseline.path("dir").asText("?")).getFileName());
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

    /**
     * Each judged case's verdicts as one table cell of escaped HTML, one metric per line: {@code p50 unchanged +2.0%
     * [-3.0%, +6.0%]}.
     */
    static Map<String, String> cellsByCase(JsonNode gate) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        gate.path("results").forEach(r -> {
            StringBuilder line = new StringBuilder();
            if (r.hasNonNull("metric")) {
                line.append(r.get("metric").asText()).append(' ');
            }
            line.append(r.path("verdict").asText());
            if (r.has("ratio")) {
                line.append(' ').append(percent(r.get("ratio").asDouble()));
            }
            if (r.has("ratioLow")) {
                line.append(' ').append(interval(r));
            }
            lines.computeIfAbsent(r.path("case").asText(), k -> new ArrayList<>())
                    .add(Html.escape(line.toString()));
        });
        Map<String, String> cells = new LinkedHashMap<>();
        lines.forEach((key, l) -> cells.put(key, String.join("<br>", l)));
        return cells;
    }

    /** The heading of the comparison table's gate column: how many baseline runs its judgement rests on. */
    static String columnHeading(JsonNode gate) {
        int runs = gate.path("baseline").path("runs").size();
        return runs > 1 ? "gate, over all " + runs + " runs" : "gate";
    }

    /**
     * What the run-over-run ratios are beside the gate's judgement: the report shows one baseline run, the gate may
     * have judged against several, and on a noisy machine one run can sit anywhere in their spread.
     */
    static String besideOneRun(JsonNode gate, String shownRunId) {
        JsonNode runs = gate.path("baseline").path("runs");
        int n = runs.size();
        if (n <= 1) {
            return "The last column is the gate's judgement: the change it estimates, with its interval, and its"
                    + " verdict.";
        }
        String over = "The last column is the gate's judgement over all " + n
                + " runs: the change it estimates, with its interval, and its verdict.";
        String name = baselineDirName(gate.path("baseline"));
        for (JsonNode run : runs) {
            if (run.asText().equals(shownRunId)) {
                return shownRunId + " is one of the " + n + " runs of baseline " + name + ": the ratios are one run"
                        + " over one run, and one run of a noisy machine can sit anywhere in the baseline's spread. "
                        + over;
            }
        }
        return "The gate judged against baseline " + name + " (" + n + " runs), not against " + shownRunId + ". "
                + over;
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
                    .append(r.has("ratioLow") ? interval(r) : "–")
                    .append("</td><td>")
                    .append(Html.escape(r.path("note").asText()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** A result's interval of the change: {@code [-3.0%, +6.0%]}. */
    private static String interval(JsonNode r) {
        return "[" + percent(r.get("ratioLow").asDouble()) + ", "
                + percent(r.get("ratioHigh").asDouble()) + "]";
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }
}
