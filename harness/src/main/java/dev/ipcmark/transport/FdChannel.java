package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Poll;
import dev.ipcmark.nativeio.Sockets;

/**
 * The common part of channels over file descriptors (pipes, FIFOs, sockets): the blocking mode, the waits, abort and
 * close. Reads and writes go straight to the descriptors through FFM with no buffering in between.
 *
 * @implNote An abort ends a wait at once in the non-blocking modes, and a blocked socket call through
 *     {@code shutdown(2)}. A thread blocked in {@code read(2)} on a pipe cannot be woken by anything this process does;
 *     what ends it is the peer's side closing (the session kills a hung peer), after which the read sees end-of-file
 *     and reports the abort's reason.
 */
abstract sealed class FdChannel implements Channel permits FdStreamChannel, FdDatagramChannel, MemfdChannel {
    /** The descriptor messages are read from. */
    protected final int readFd;
    /** The descriptor messages are written to (the same as {@link #readFd} for a socket). */
    protected final int writeFd;

    private final boolean socket;
    private final AbortReason abortReason = new AbortReason();
    private final FdWait readWait;
    private final FdWait writeWait;
    private boolean closed;

    FdChannel(int readFd, int writeFd, boolean socket, BlockingMode mode) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.socket = socket;
        this.readWait = new FdWait(mode, abortReason);
        this.writeWait = new FdWait(mode, abortReason);
        if (mode.nonBlocking()) {
            Fd.setNonBlocking(readFd, true);
            Fd.setNonBlocking(writeFd, true);
        }
    }

    /** Waits until {@link #readFd} may have data (non-blocking modes only). */
    protected final void awaitReadable() {
        readWait.await(readFd, Poll.POLLIN);
    }

    /** Waits until {@link #writeFd} may have room (non-blocking modes only). */
    protected final void awaitWritable() {
        writeWait.await(writeFd, Poll.POLLOUT);
    }

    /** Throws the abort's exception when the channel was aborted. */
    protected final void throwIfAborted() {
        abortReason.throwIfSet();
    }

    /** The exception for a failed transfer: the abort's reason when there is one (it is the cause), else {@code what}. */
    protected final TransportException failure(String what) {
        String reason = abortReason.get();
        return new TransportException(reason != null ? reason : what);
    }

    /** The exception for a failed call during {@code what} ("send", "receive"). */
    protected final TransportException failure(String what, NativeException e) {
        return failure(what + " failed: " + e.getMessage());
    }

    @Override
    public final synchronized void abort(String reason) {
        abortReason.set(reason);
        if (socket && !closed) {
            Sockets.shutdown(readFd);
        }
    }

    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            Fd.close(readFd);
            if (writeFd != readFd) {
                Fd.close(writeFd);
            }
        }
    }
}
