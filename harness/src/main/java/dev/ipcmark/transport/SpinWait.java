package dev.ipcmark.transport;

/** One turn of a busy wait shared by the spinning waits: a polite spin, or, with {@code yield}, after a while a yield. */
final class SpinWait {
    /** Spins before a spin-then-yield wait starts yielding: a few microseconds, longer than a wake-up on an idle core. */
    static final int SPINS_BEFORE_YIELD = 2000;

    private SpinWait() {}

    /** The {@code spins}-th turn of a wait: {@code Thread.onSpinWait}, or {@code Thread.yield} once spinning is old. */
    static void idle(int spins, boolean yield) {
        if (yield && spins >= SPINS_BEFORE_YIELD) {
            Thread.yield();
        } else {
            // Without onSpinWait a spinning hyper-thread starves its sibling; on 2 cores that is the peer.
            Thread.onSpinWait();
        }
    }
}
