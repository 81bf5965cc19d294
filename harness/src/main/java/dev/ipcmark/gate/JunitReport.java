package dev.ipcmark.gate;

import java.util.Locale;

/**
 * A comparison as JUnit XML, which CI systems show natively: one test case per case × metric (class name: the case key,
 * name: the metric); a regression or a newly failed case is a failure; an inconclusive, too-noisy, withheld or
 * untestable result a skipped test, with why.
 */
public final class JunitReport {
    private JunitReport() {}

    /** The XML document. */
    public static String render(Comparison c) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = c.failures().size();
        long skipped = c.results().stream()
                .filter(r -> r.verdict() == Verdict.INCONCLUSIVE
                        || r.verdict() == Verdict.NOISY
                        || r.verdict() == Verdict.WITHHELD
                        || r.verdict() == Verdict.UNTESTABLE)
                .count();
        xml.append(String.format(
                Locale.ROOT,
                "<testsuite name=\"ipcmark gate: %s vs %s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">%n",
                escape(c.run().runId()),
                escape(c.baseline().describe()),
                c.results().size(),
                failures,
                skipped));
        for (MetricResult r : c.results()) {
            String name = r.verdict() == Verdict.FAILED ? "run" : r.metric().id();
            xml.append("  <testcase classname=\"")
                    .append(escape(r.caseKey()))
                    .append("\" name=\"")
                    .append(escape(name))
                    .append("\">\n");
            String detail = detail(r);
            switch (r.verdict()) {
                case REGRESSED, FAILED ->
                    xml.append("    <failure type=\"")
                            .append(r.verdict().id())
                            .append("\" message=\"")
                            .append(escape(r.verdict().id() + " " + r.change() + ": " + r.note()))
                            .append("\">")
                            .append(escape(detail))
                            .append("</failure>\n");
                case INCONCLUSIVE, NOISY, WITHHELD, UNTESTABLE ->
                    xml.append("    <skipped message=\"")
                            .append(escape(r.verdict().id() + ": " + r.note()))
                            .append("\"/>\n");
                default -> {}
            }
            xml.append("    <system-out>").append(escape(detail)).append("</system-out>\n");
            xml.append("  </testcase>\n");
        }
        xml.append("</testsuite>\n");
        return xml.toString();
    }

    private static String detail(MetricResult r) {
        if (r.verdict() == Verdict.FAILED) {
            return r.note();
        }
        return String.format(
                Locale.ROOT,
                "%s %s: baseline %s (%d iterations), current %s (%d iterations), change %s, interval %s; %s",
                r.verdict().id(),
                r.metric().id(),
                Double.isNaN(r.baseline()) ? "-" : r.metric().format(r.baseline()),
                r.baselineSamples(),
                Double.isNaN(r.current()) ? "-" : r.metric().format(r.current()),
                r.currentSamples(),
                r.change(),
                r.changeInterval(),
                r.note());
    }

    /** XML-escapes text for both element content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped.
                    if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
