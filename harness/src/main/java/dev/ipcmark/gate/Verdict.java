package dev.ipcmark.gate;

import java.util.Locale;

/** What a comparison says about one metric of one case. */
public enum Verdict {
    /** Worse by more than the threshold, significantly so at the level of runs and of iterations: fails the gate. */
    REGRESSED,
    /** The case ran in the baseline but failed in the current run: fails the gate. */
    FAILED,
    /** Better by more than the threshold, as significantly as a regression would have to be. */
    IMPROVED,
    /** The equivalence test's interval lies within the threshold: no change that matters. */
    UNCHANGED,
    /**
     * Beyond the threshold, but by no more than the machine itself moved (the calibration probes): not blamed on the
     * code.
     */
    WITHHELD,
    /** The metric's noise on this machine hides changes of the threshold's size: it cannot be gated here. */
    NOISY,
    /** Neither a change beyond the threshold nor its absence could be shown, though one of that size would be seen. */
    INCONCLUSIVE,
    /** Too few samples to test at all: the gate cannot vouch for the metric. */
    UNTESTABLE;

    /** Lower-case, as written in outputs: {@code too-noisy}, {@code regressed}, … */
    public String id() {
        return this == NOISY ? "too-noisy" : name().toLowerCase(Locale.ROOT);
    }

    /** Whether this verdict fails a gate. */
    public boolean failsGate() {
        return this == REGRESSED || this == FAILED;
    }

    /** Whether the gate could not judge the metric at all: a gate that fails closed refuses to pass then. */
    public boolean blindsGate() {
        return this == UNTESTABLE;
    }
}
