package dev.ipcmark.transport;

import java.util.Optional;

/**
 * Whether a transport can run a case on this machine, and if not, why.
 *
 * @param reason why the case cannot run, or empty when it can
 */
public record Support(Optional<String> reason) {
    /** The case can run. */
    public static final Support RUNS = new Support(Optional.empty());

    /** The case cannot run, for {@code reason} (a full sentence naming the limit). */
    public static Support no(String reason) {
        return new Support(Optional.of(reason));
    }

    /** True when the case can run. */
    public boolean runs() {
        return reason.isEmpty();
    }
}
