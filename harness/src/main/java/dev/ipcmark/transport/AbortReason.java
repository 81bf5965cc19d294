package dev.ipcmark.transport;

/**
 * Why a channel was aborted, shared by the channel's threads. The first reason wins: it is the cause, and what follows
 * (the peer exiting because it was killed) are its consequences.
 */
final class AbortReason {
    private volatile String reason;

    /** Records {@code why}, unless a reason is recorded already. */
    void set(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** The recorded reason, or null. */
    String get() {
        return reason;
    }

    /** Throws {@link TransportException} with the reason, if there is one. */
    void throwIfSet() {
        String why = reason;
        if (why != null) {
            throw new TransportException(why);
        }
    }
}
