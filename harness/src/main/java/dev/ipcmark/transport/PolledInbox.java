package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Poll;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The receiver's end of a listening socket's mailbox: one connection per producer, read whichever has data, in turn
 * (after the connection served last), so a busy producer cannot starve the others. A message is read whole from one
 * connection before the next is looked at.
 */
final class PolledInbox implements Inbox {
    // As FdWait: long enough to cost nothing, short enough that an abort is seen at once by a human's measure.
    private static final int POLL_SLICE_MS = 100;

    private final List<FdChannel> connections;
    private final int[] fds;
    private final Poll poll;
    private final int timeoutMs;
    private final AbortReason abortReason = new AbortReason();
    private int next;

    PolledInbox(List<FdChannel> connections, BlockingMode mode) {
        this.connections = List.copyOf(connections);
        this.fds = connections.stream().mapToInt(c -> c.readFd).toArray();
        this.poll = new Poll(fds.length);
        // Spinning looks again at once; the other modes sleep in poll(2).
        this.timeoutMs = mode == BlockingMode.NONBLOCKING_SPIN ? 0 : POLL_SLICE_MS;
    }

    @Override
    public void receive(MemorySegment into) {
        while (true) {
            abortReason.throwIfSet();
            if (poll.awaitAny(fds, Poll.POLLIN, timeoutMs)) {
                for (int k = 0; k < fds.length; k++) {
                    int i = (next + k) % fds.length;
                    if (poll.ready(i)) {
                        next = i + 1 == fds.length ? 0 : i + 1;
                        connections.get(i).receive(into);
                        return;
                    }
                }
            } else if (timeoutMs == 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void abort(String reason) {
        abortReason.set(reason);
        connections.forEach(c -> c.abort(reason));
    }

    @Override
    public void close() {
        connections.forEach(FdChannel::close);
    }
}
