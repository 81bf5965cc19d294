package dev.ipcmark.peer;

/**
 * A delay the peer adds to every message it handles, set by a scenario's {@code inject.peerDelay}: a known slowdown that
 * a regression gate must catch. It spins instead of sleeping, since a sleep of microseconds lasts as long as the
 * scheduler likes.
 */
public final class InjectedDelay {
    private static final long DELAY_NS = RunFlags.current().peerDelay().toNanos();

    private InjectedDelay() {}

    /** The delay in nanoseconds this JVM was given; 0 for none. */
    public static long nanos() {
        return DELAY_NS;
    }

    /** Waits out the delay, if there is one. */
    static void pause() {
        if (DELAY_NS > 0) {
            long end = System.nanoTime() + DELAY_NS;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }
    }
}
