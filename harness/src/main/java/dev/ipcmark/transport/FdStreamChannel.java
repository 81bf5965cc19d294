package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import java.lang.foreign.MemorySegment;

/**
 * A pair of blocking byte-stream descriptors (pipes, FIFOs) as a {@link Channel}: reads and writes go straight to the
 * descriptors through FFM, with no buffering in between; a message is reassembled from as many reads as it takes.
 *
 * @implNote A thread blocked in {@code read(2)} cannot be woken by closing the descriptor, so an abort only marks the
 *     channel; what ends a blocked read is the peer's side closing (the session kills a hung peer), after which the
 *     read sees end-of-file and reports the abort's reason.
 */
final class FdStreamChannel implements Channel {
    private final int readFd;
    private final int writeFd;
    private final AbortReason abortReason = new AbortReason();
    private boolean closed;

    FdStreamChannel(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    @Override
    public void send(MemorySegment message) {
        long length = message.byteSize();
        try {
            for (long done = 0; done < length; ) {
                done += Fd.write(writeFd, message, done, length - done);
            }
        } catch (NativeException e) {
            throw failure("send failed: " + e.getMessage());
        }
    }

    @Override
    public void receive(MemorySegment into) {
        long length = into.byteSize();
        try {
            for (long done = 0; done < length; ) {
                long n = Fd.read(readFd, into, done, length - done);
                if (n == 0) {
                    throw failure("the other end closed after " + done + " of " + length + " bytes of a message");
                }
                done += n;
            }
        } catch (NativeException e) {
            throw failure("receive failed: " + e.getMessage());
        }
    }

    private TransportException failure(String what) {
        String reason = abortReason.get();
        return new TransportException(reason != null ? reason : what);
    }

    @Override
    public void abort(String reason) {
        abortReason.set(reason);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Fd.close(readFd);
            Fd.close(writeFd);
        }
    }
}
