package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.util.List;

/**
 * One make-use-ready-and-destroy cycle of a transport's channel, step by step, for the setup pattern: the one-time
 * cost that mapping pays and copying does not.
 */
public interface SetupCycle {
    /** Hears the end of each step, in order. */
    @FunctionalInterface
    interface Lap {
        /** Step {@code name} just ended. */
        void step(String name);
    }

    /** Whether {@code spec} can run here, and if not, why. */
    Support check(CaseSpec spec);

    /** The steps a cycle of {@code spec} reports, in order. */
    List<String> steps(CaseSpec spec);

    /**
     * Runs one cycle of {@code spec} in {@code dir}, calling {@code lap} after each step; leaves nothing behind, also
     * when a step fails.
     */
    void run(CaseSpec spec, PrivateDir dir, Lap lap);
}
