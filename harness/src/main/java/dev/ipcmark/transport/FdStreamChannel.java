package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Poll;
import dev.ipcmark.nativeio.Splice;
import dev.ipcmark.nativeio.ZeroCopy;
import java.lang.foreign.MemorySegment;

/**
 * A byte stream (pipe pair, FIFO pair, stream socket) as a {@link Channel}: a message is written and reassembled from
 * as many partial writes and reads as the kernel makes of it.
 */
final class FdStreamChannel extends FdChannel {
    // How long a wait for zero-copy completions sleeps before it looks at aborts again.
    private static final int COMPLETION_SLICE_MS = 100;

    // Non-null when messages go into the pipe with vmsplice(2) instead of write(2).
    private final Splice splice;
    // Non-null when messages go into the socket with MSG_ZEROCOPY.
    private final ZeroCopy zeroCopy;
    private final Poll completions;

    private FdStreamChannel(
            int readFd, int writeFd, boolean socket, BlockingMode mode, boolean vmsplice, boolean zeroCopy) {
        super(readFd, writeFd, socket, mode);
        this.splice = vmsplice ? new Splice() : null;
        this.zeroCopy = zeroCopy ? new ZeroCopy() : null;
        this.completions = zeroCopy ? new Poll() : null;
    }

    /** A channel reading {@code readFd} and writing {@code writeFd} (one pipe per direction). */
    static FdStreamChannel ofPipes(int readFd, int writeFd, BlockingMode mode) {
        return ofPipes(readFd, writeFd, mode, false);
    }

    /**
     * As {@link #ofPipes(int, int, BlockingMode)}, writing with {@code vmsplice(2)} when {@code vmsplice} is set: the
     * pipe then holds the sender's pages, which the caller must leave alone until the other end has read them.
     */
    static FdStreamChannel ofPipes(int readFd, int writeFd, BlockingMode mode, boolean vmsplice) {
        return new FdStreamChannel(readFd, writeFd, false, mode, vmsplice, false);
    }

    /** A channel over one connected stream socket. */
    static FdStreamChannel ofSocket(int fd, BlockingMode mode) {
        return ofSocket(fd, mode, false);
    }

    /**
     * As {@link #ofSocket(int, BlockingMode)}, sending with {@code MSG_ZEROCOPY} when {@code zeroCopy} is set (the
     * socket must have {@code SO_ZEROCOPY}): a send returns once the kernel says it no longer needs the message's pages,
     * so the caller may reuse the buffer at once, as with any channel.
     */
    static FdStreamChannel ofSocket(int fd, BlockingMode mode, boolean zeroCopy) {
        return new FdStreamChannel(fd, fd, true, mode, false, zeroCopy);
    }

    @Override
    public void send(MemorySegment message) {
        long length = message.byteSize();
        try {
            for (long done = 0; done < length; ) {
                long n = splice != null
                        ? splice.give(writeFd, message, done, length - done)
                        : zeroCopy != null
                                ? zeroCopy.send(writeFd, message, done, length - done)
                                : Fd.write(writeFd, message, done, length - done);
                if (n >= 0) {
                    done += n;
                } else if (zeroCopy != null && !zeroCopy.allCompleted()) {
                    awaitCompletions(); // ENOBUFS or a full socket: pinned pages come back first
                } else {
                    awaitWritable();
                }
            }
            while (zeroCopy != null && !zeroCopy.allCompleted()) {
                awaitCompletions();
            }
        } catch (NativeException | IllegalStateException e) {
            throw failure("send failed: " + e.getMessage());
        }
    }

    // Reads the completions that are there, else sleeps until the error queue has some (poll reports POLLERR always).
    private void awaitCompletions() {
        zeroCopy.readCompletions(writeFd);
        if (!zeroCopy.allCompleted()) {
            throwIfAborted();
            completions.await(writeFd, (short) 0, COMPLETION_SLICE_MS);
            zeroCopy.readCompletions(writeFd);
        }
    }

    @Override
    public void receive(MemorySegment into) {
        long length = into.byteSize();
        try {
            for (long done = 0; done < length; ) {
                long n = Fd.read(readFd, into, done, length - done);
                if (n < 0) {
                    awaitReadable();
                } else if (n == 0) {
                    throw failure("the other end closed after " + done + " of " + length + " bytes of a message");
                } else {
                    done += n;
                }
            }
        } catch (NativeException e) {
            throw failure("receive", e);
        }
    }
}
