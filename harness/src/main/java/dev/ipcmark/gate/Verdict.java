package dev.ipcmark.gate;

import java.util.Locale;

/** What a comparison says about one metric of one case. */
public enum Verdict {
    /** Worse by more than the threshold, and significantly so: fails the gate. */
    REGRESSED,
    /** The case ran in the baseline but failed in the current run: fails the gate. */
    FAILED,
    /** Better by more than the threshold, and significantly so. */
    IMPROVED,
    /** No change larger than the threshold: either none that is significant, or a significant one under it. */
    UNCHANGED,
    /** Too noisy (or too few samples) to rule out a change larger than the threshold. */
    INCONCLUSIVE;

    /** Lower-case, as written in outputs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this verdict fails a gate. */
    public boolean failsGate() {
        return this == REGRESSED || this == FAILED;
    }
}
