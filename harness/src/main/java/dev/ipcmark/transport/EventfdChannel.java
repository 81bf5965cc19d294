package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DescriptorPassing;
import dev.ipcmark.nativeio.EventFd;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Poll;
import dev.ipcmark.nativeio.ProcessFds;
import dev.ipcmark.nativeio.Sockets;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One end of an eventfd pair: a message is 8 bytes, read as an unsigned number {@code v} and added to the other end's
 * counter as {@code v + 1} (a counter of 0 means "nothing yet", and 2^64 - 1 is refused by the kernel), so every value
 * but the two largest can be carried; a read takes the count whole and hands back {@code count - 1}. The peer's end
 * takes its two descriptors from the listener ({@code SCM_RIGHTS}) before its first message, and keeps them only if
 * the kernel says they are eventfds.
 */
final class EventfdChannel implements Channel {
    private static final String EVENTFD = "anon_inode:[eventfd]";
    // The largest v whose v + 1 an eventfd accepts: 2^64 - 3, unsigned.
    private static final long LARGEST = -3L;

    private final EventFd counter = new EventFd();
    private final AbortReason abortReason = new AbortReason();
    private final FdWait readWait;
    private final FdWait writeWait;
    private final boolean blocking;
    // The peer's connection to the listener until the hand-over; -1 after (and on the listener's end).
    private volatile int socket;
    private int readFd;
    private int writeFd;
    private boolean closed;

    EventfdChannel(int readFd, int writeFd, BlockingMode mode) {
        this(-1, readFd, writeFd, mode);
    }

    private EventfdChannel(int socket, int readFd, int writeFd, BlockingMode mode) {
        this.socket = socket;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.blocking = mode == BlockingMode.BLOCKING;
        this.readWait = new FdWait(mode, abortReason);
        this.writeWait = new FdWait(mode, abortReason);
    }

    /** The peer's end: its descriptors come over {@code socket}, connected to the listener, before the first message. */
    static EventfdChannel handedOver(int socket, BlockingMode mode) {
        return new EventfdChannel(socket, -1, -1, mode);
    }

    @Override
    public void send(MemorySegment message) {
        handOver();
        if (message.byteSize() != Long.BYTES) {
            throw new TransportException("an eventfd carries 8-byte messages, not " + message.byteSize() + " bytes");
        }
        long v = message.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        if (Long.compareUnsigned(v, LARGEST) > 0) {
            throw new TransportException("the message is the number " + Long.toUnsignedString(v) + ", one of the two"
                    + " largest 64-bit values, which an eventfd cannot carry");
        }
        try {
            while (!counter.add(writeFd, v + 1)) {
                writeWait.await(writeFd, Poll.POLLOUT);
            }
        } catch (NativeException e) {
            throw failure("send failed: " + e.getMessage());
        }
    }

    @Override
    public void receive(MemorySegment into) {
        handOver();
        long count;
        try {
            while ((count = counter.takeAll(readFd)) == 0) {
                readWait.await(readFd, Poll.POLLIN);
            }
        } catch (NativeException e) {
            throw failure("receive failed: " + e.getMessage());
        }
        // A blocking read is woken by an abort's own write: what it took is not a message then.
        abortReason.throwIfSet();
        into.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, count - 1);
    }

    // The peer takes the listener's two eventfds: the first to read from, the second to write to.
    // Not under the lock: abort must be able to shut the socket down while this waits on it.
    private void handOver() {
        int from = socket;
        if (from < 0) {
            return;
        }
        int in = -1;
        int out = -1;
        try {
            DescriptorPassing passing = new DescriptorPassing();
            in = eventfd(passing.receive(from));
            out = eventfd(passing.receive(from));
        } catch (NativeException | IllegalStateException e) {
            throw failure("the eventfds were not handed over: " + e.getMessage());
        } finally {
            synchronized (this) {
                // Unless close() got there first (it closes the socket itself): never close a number twice.
                if (socket == from) {
                    Fd.close(from);
                    socket = -1;
                }
                if (closed) {
                    // Closed meanwhile: what arrived would otherwise stay open.
                    for (int fd : new int[] {in, out}) {
                        if (fd >= 0) {
                            Fd.close(fd);
                        }
                    }
                } else {
                    readFd = in;
                    writeFd = out;
                }
            }
        }
    }

    private int eventfd(int fd) {
        if (fd < 0) {
            throw failure("the listener closed before it handed over its eventfds");
        }
        String what = ProcessFds.describe(fd);
        if (!what.equals(EVENTFD)) {
            Fd.close(fd);
            throw new TransportException("the listener handed over " + what + ", not an eventfd");
        }
        return fd;
    }

    private TransportException failure(String what) {
        String reason = abortReason.get();
        return new TransportException(reason != null ? reason : what);
    }

    @Override
    public synchronized void abort(String reason) {
        abortReason.set(reason);
        if (closed) {
            return;
        }
        if (socket >= 0) {
            Sockets.shutdown(socket);
        } else if (blocking && readFd >= 0) {
            // Wakes a read blocked on this end's counter; receive sees the abort after it. Its own buffer: the
            // channel's thread may be using the channel's.
            new EventFd().add(readFd, 1);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int fd : new int[] {socket, readFd, writeFd}) {
            if (fd >= 0) {
                Fd.close(fd);
            }
        }
        socket = -1;
    }
}
