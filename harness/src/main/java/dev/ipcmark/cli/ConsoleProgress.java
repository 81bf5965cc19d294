package dev.ipcmark.cli;

import dev.ipcmark.bench.SuiteRunner;
import dev.ipcmark.results.CaseResult;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Progress lines of a run on the console, instead of JMH's own output (which goes to each case's log). */
record ConsoleProgress(PrintWriter out) implements SuiteRunner.Progress {
    @Override
    public void started(int step, int steps, int round, int rounds, CaseSpec spec, Duration elapsed, Duration left) {
        String where = rounds > 1
                ? "[round " + round + "/" + rounds + ", " + step + "/" + steps + "]"
                : "[" + step + "/" + steps + "]";
        out.printf("%s %s%n        elapsed %s, about %s left%n", where, spec.key(), clock(elapsed), clock(left));
        out.flush();
    }

    @Override
    public void finished(CaseResult r) {
        switch (r.status()) {
            // The case's key is on the line just above (its last fork's start): the figures only, to fit 120 columns.
            case OK ->
                out.printf(
                        Locale.ROOT,
                        "        ok       p50 %s  p99 %s  max %s  (%d fork%s, %.1f s)%n",
                        Durations.latency(r.latency().p50()),
                        Durations.latency(r.latency().p99()),
                        Durations.latency(r.latency().max()),
                        r.forks(),
                        r.forks() == 1 ? "" : "s",
                        r.seconds());
            case FAILED ->
                out.printf(
                        "        FAILED   %s: %s%n", r.spec().key(), r.reason().replace("\n", "\n                 "));
            case SKIPPED -> out.printf("        skipped  %s: %s%n", r.spec().key(), r.reason());
        }
        out.flush();
    }

    /** {@code m:ss}, or {@code h:mm:ss} beyond an hour. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
