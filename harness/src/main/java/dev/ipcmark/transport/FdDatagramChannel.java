package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import java.lang.foreign.MemorySegment;

/**
 * A connected datagram or seqpacket socket as a {@link Channel}: each message travels as one datagram, or as
 * consecutive datagrams of {@code datagramBytes} when it is larger, each of which must arrive whole and in order.
 */
final class FdDatagramChannel extends FdChannel {
    private final long datagramBytes;

    FdDatagramChannel(int fd, BlockingMode mode, long datagramBytes) {
        super(fd, fd, true, mode);
        this.datagramBytes = datagramBytes;
    }

    @Override
    public void send(MemorySegment message) {
        long length = message.byteSize();
        try {
            for (long done = 0; done < length; ) {
                long chunk = Math.min(datagramBytes, length - done);
                long n = Fd.write(writeFd, message, done, chunk);
                if (n < 0) {
                    awaitWritable();
                } else if (n != chunk) {
                    throw failure("a datagram of " + chunk + " bytes went out as " + n);
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
                long chunk = Math.min(datagramBytes, length - done);
                long n = Fd.read(readFd, into, done, chunk);
                if (n < 0) {
                    awaitReadable();
                } else if (n != chunk) {
                    throw failure(
                            n == 0
                                    ? "the other end closed after " + done + " of " + length + " bytes of a message"
                                    : "expected a datagram of " + chunk + " bytes, got " + n);
                } else {
                    done += n;
                }
            }
        } catch (NativeException e) {
            throw failure("receive", e);
        }
    }
}
