package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Splice;
import java.lang.foreign.MemorySegment;

/**
 * A byte stream (pipe pair, FIFO pair, stream socket) as a {@link Channel}: a message is written and reassembled from
 * as many partial writes and reads as the kernel makes of it.
 */
final class FdStreamChannel extends FdChannel {
    // Non-null when messages go into the pipe with vmsplice(2) instead of write(2).
    private final Splice splice;

    private FdStreamChannel(int readFd, int writeFd, boolean socket, BlockingMode mode, boolean vmsplice) {
        super(readFd, writeFd, socket, mode);
        this.splice = vmsplice ? new Splice() : null;
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
        return new FdStreamChannel(readFd, writeFd, false, mode, vmsplice);
    }

    /** A channel over one connected stream socket. */
    static FdStreamChannel ofSocket(int fd, BlockingMode mode) {
        return new FdStreamChannel(fd, fd, true, mode, false);
    }

    @Override
    public void send(MemorySegment message) {
        long length = message.byteSize();
        try {
            for (long done = 0; done < length; ) {
                long n = splice == null
                        ? Fd.write(writeFd, message, done, length - done)
                        : splice.give(writeFd, message, done, length - done);
                if (n < 0) {
                    awaitWritable();
                } else {
                    done += n;
                }
            }
        } catch (NativeException e) {
            throw failure("send", e);
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
