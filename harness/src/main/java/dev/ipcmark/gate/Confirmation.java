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
 */
public final class Confirmation {
    private Confirmation() {}

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
