package dev.ipcmark.report;

import dev.ipcmark.results.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import one.convert.Arguments;
import one.convert.FlameGraph;

/**
 * The flame profiler's section of the report: for each profiled case, one interactive flame graph per process (the
 * measuring one and the peer), drawn by async-profiler's own converter from the run's collapsed stacks and embedded
 * whole (an {@code iframe} with its {@code srcdoc}), so the report stays one self-contained file. Each graph opens on
 * demand: a closed {@code details} element per case.
 */
final class FlameGraphs {
    private static final Map<String, String> TITLES = Map.of(
            RunDirectory.PROFILED.get(0),
            "the measuring process (JMH's fork)",
            RunDirectory.PROFILED.get(1),
            "the peer process");

    private FlameGraphs() {}

    static void render(StringBuilder h, List<CaseRow> cases) {
        List<CaseRow> profiled =
                cases.stream().filter(c -> !c.profiles().isEmpty()).toList();
        if (profiled.isEmpty()) {
            return;
        }
        h.append(
                "<h2 id=\"flame-graphs\">Flame graphs</h2>\n<p>Where each process of a case spent its CPU time,"
                        + " sampled every millisecond by async-profiler (<code>profilers: [flame]</code>) over the whole life of"
                        + " each JVM, warm-up included; one root per thread, kernel frames marked <code>_[k]</code>. Wider is"
                        + " more time; click a frame to zoom. The collapsed stacks are in the run's <code>profiles/</code>.</p>\n");
        for (CaseRow c : profiled) {
            h.append("<details><summary>").append(Html.escape(c.key())).append("</summary>\n");
            c.profiles().forEach((process, file) -> {
                h.append("<p>")
                        .append(Html.escape(TITLES.getOrDefault(process, process)))
                        .append("</p>\n");
                // Same origin as the report, or the converter's script cannot draw; its frames come from ipcmark's own
                // processes, and nothing in the frame can navigate the report or open windows.
                h.append("<iframe class=\"flame\" sandbox=\"allow-scripts allow-same-origin\" title=\"")
                        .append(Html.escape(c.key() + " " + process))
                        .append("\" srcdoc=\"")
                        .append(Html.escape(html(file, c.key() + " — " + process)))
                        .append("\"></iframe>\n");
            });
            h.append("</details>\n");
        }
    }

    /** The flame graph of the collapsed stacks in {@code file}, as a self-contained HTML page. */
    static String html(Path file, String title) {
        // Inverted (an icicle: the threads on top), so that what a reader sees first is where each thread spends its
        // time.
        FlameGraph graph = new FlameGraph(new Arguments("--title", title, "--inverted"));
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            graph.parseCollapsed(in);
        } catch (IOException e) {
            throw new ReportException(file + " cannot be read: " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8)) {
            graph.dump(print);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
