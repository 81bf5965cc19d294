package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/**
 * One end of an open, bidirectional message channel between two processes. Both ends know each message's length
 * (it is part of the case), so a message is exactly the bytes of the segment passed in.
 *
 * @implSpec Each method is called by one thread at a time. {@link #send} returns once the message is handed over
 *     (to the kernel or into shared memory); {@link #receive} returns once the whole message is in {@code into}, however
 *     many reads or chunks that takes. Both throw {@link TransportException} when the other end is gone or the channel
 *     was {@linkplain #abort aborted}, and never hang after an abort.
 */
public interface Channel extends AutoCloseable {
    /** Sends {@code message} (all of its bytes) as one message. */
    void send(MemorySegment message);

    /** Receives one message of exactly {@code into.byteSize()} bytes into {@code into}. */
    void receive(MemorySegment into);

    /**
     * Makes a blocked or later {@link #send}/{@link #receive} throw {@link TransportException} with {@code reason}.
     *
     * @implSpec Safe to call from any thread, any number of times.
     */
    void abort(String reason);

    /** Releases the channel's resources; afterwards nothing of it is left in the kernel. */
    @Override
    void close();
}
