package dev.ipcmark.report;

import dev.ipcmark.results.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes {@code <reports>/<run-id>/index.html} for one run, or for several runs compared with the first. */
public final class ReportWriter {
    private ReportWriter() {}

    /**
     * Reads {@code runDirs} and writes their report under {@code reportsRoot}; returns the page's path. Throws
     * {@link ReportException} when a run directory cannot be read.
     */
    public static Path write(List<Path> runDirs, Path reportsRoot) {
        // Charts are drawn off-screen: no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
        List<RunData> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            runs.add(RunData.read(dir));
        }
        String name = runs.size() == 1
                ? runs.getFirst().runId()
                : runs.getLast().runId() + "-vs-" + runs.getFirst().runId();
        Path dir = reportsRoot.resolve(name);
        Path index = dir.resolve("index.html");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new ReportException("cannot create " + dir + ": " + e.getMessage());
        }
        RunDirectory.writeAtomically(index, new HtmlReport(runs, dir).render());
        return index;
    }
}
