package dev.ipcmark.gate;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gate's second look: the cases a comparison found regressed, or could not tell from noise while their change lay
 * past the threshold, are measured again (a run of their own, with its own
 * calibration probes between the forks) and each suspect is judged over both measurements together. A regression
 * seen twice adds up; a fluke of one run is diluted by a normal second one; a slow spell of the machine that lasts
 * into the second run shows in its probes.
 *
 * <p>The second run has half the scenario's forks (at least two) unless told otherwise. What confirms or dismisses a
 * suspect is a second draw of the machine's minutes, the run, which the test weighs as one run however many forks it
 * holds; more forks only narrow that one run's own median, which the spread between the baseline's runs outweighs.
 * Judged again offline with the second runs cut to two of their four forks, every one of fifteen runs with an
 * injected delay (20 µs and 1.5 µs on {@code ci.yaml}) still failed the gate, the 64 B round trips' p50s were confirmed
 * in 35 of 35 suspects at 20 µs and 52 of 59 at 1.5 µs (55 with four forks), and an A/A run's suspect was still
 * dismissed (2026-12-03). The second look takes half as long, which keeps a gated {@code ci.yaml} run whose every
 * case regressed and was measured again within three minutes (143 to 157 s over ten such runs, 2026-12-03).
 */
public final class Confirmation {
    private Confirmation() {}

    /**
     * Forks per case of a re-measurement: {@code requested} if given, else half of {@code scenarioForks} rounded up, at
     * least two and at most {@code scenarioForks}.
     */
    public static int forks(int scenarioForks, Integer requested) {
        if (requested != null) {
            return requested;
        }
        return Math.min(scenarioForks, Math.max(2, (scenarioForks + 1) / 2));
    }

    /**
     * {@code first} after up to {@code times} re-measurements: {@code remeasure} runs the given case keys and returns
     * the run directory; {@code say} hears what is being done.
     */
    public static Comparison confirm(
            Comparison first, int times, Function<List<String>, Path> remeasure, Consumer<String> say) {
        Comparison c = first;
        for (int i = 1; i <= times && !c.suspectCases().isEmpty(); i++) {
            List<String> suspects = c.suspectCases();
            say.accept(suspects.size() + " case(s) regressed, or changed past the threshold too noisily to tell;"
                    + " measuring them again to confirm (" + i + " of " + times + ")");
            c = c.confirmedBy(RunSamples.read(remeasure.apply(suspects)));
        }
        return c;
    }
}
