package dev.ipcmark.transport;

import java.lang.foreign.MemorySegment;

/**
 * One end of an open, bidirectional message channel between two processes. Both ends know each message's length
 * (it is part of the case), so a message is exactly the bytes of the segment passed in.
 *
 * @implSpec Each method is called by one thread at a time. {@link #send} returns once the message is handed over
 *     (to the kernel or into shared memory); it throws {@link TransportException} when the other end is gone or the
 *     channel was {@linkplain #abort aborted}, and never hangs after an abort. Receiving is as for any {@link Inbox}.
 */
public interface Channel extends Inbox {
    /** Sends {@code message} (all of its bytes) as one message. */
    void send(MemorySegment message);
}
