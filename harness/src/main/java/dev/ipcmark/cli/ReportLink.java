package dev.ipcmark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command that writes a report says where it is: {@code Report: file:///…/index.html}, a link most terminals
 * open on a click, and with {@code --open} the desktop's browser opens it ({@code xdg-open}, or {@code $BROWSER}).
 */
final class ReportLink {
    @Option(names = "--open", description = "Open the report in the desktop's browser when it is written (xdg-open).")
    private boolean open;

    /** Prints the report's URL and, when asked, opens it. */
    void announce(PrintWriter out, Path index) {
        String url = index.toAbsolutePath().normalize().toUri().toString();
        out.println("Report: " + url);
        if (!open) {
            return;
        }
        String browser = System.getenv("BROWSER");
        String opener = browser != null && !browser.isBlank() ? browser : "xdg-open";
        try {
            // Detached: the browser outlives ipcmark, and its output is not ipcmark's.
            new ProcessBuilder(opener, url)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            out.println("ipcmark: --open: could not start " + opener + " (" + e.getMessage() + "); open the URL above");
        }
    }
}
