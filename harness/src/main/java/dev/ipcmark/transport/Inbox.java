package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/**
 * The receiving end of messages of a known length: one end of a {@link Channel}, or the receiver's end of a fan-in
 * {@link Mailbox} that several producers write into.
 *
 * @implSpec {@link #receive} is called by one thread at a time and returns once a whole message is in {@code into},
 *     however many reads or chunks that takes; it throws {@link TransportException} when the other end is gone or the
 *     inbox was {@linkplain #abort aborted}, and never hangs after an abort.
 */
public interface Inbox extends AutoCloseable {
    /** Receives one message of exactly {@code into.byteSize()} bytes into {@code into}. */
    void receive(MemorySegment into);

    /**
     * Makes a blocked or later call throw {@link TransportException} with {@code reason}.
     *
     * @implSpec Safe to call from any thread, any number of times.
     */
    void abort(String reason);

    /** Releases the resources; afterwards nothing of it is left in the kernel. */
    @Override
    void close();
}
