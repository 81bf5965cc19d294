package dev.ipcmark.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;

/**
 * A connected, blocking stream socket (AF_UNIX or TCP) as a {@link Channel}: a message is written whole and read back
 * in as many reads as the kernel needs.
 */
final class SocketStreamChannel implements Channel {
    private final SocketChannel socket;
    private final AbortReason abortReason = new AbortReason();
    // The benchmark passes the same segments every time; cache their ByteBuffer views to keep the loop
    // allocation-free.
    private MemorySegment sendSegment;
    private ByteBuffer sendBuffer;
    private MemorySegment receiveSegment;
    private ByteBuffer receiveBuffer;

    SocketStreamChannel(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public void send(MemorySegment message) {
        if (message != sendSegment) {
            sendSegment = message;
            sendBuffer = message.asByteBuffer();
        }
        ByteBuffer buffer = sendBuffer.clear();
        try {
            while (buffer.hasRemaining()) {
                socket.write(buffer);
            }
        } catch (IOException e) {
            throw failure("send", e);
        }
    }

    @Override
    public void receive(MemorySegment into) {
        if (into != receiveSegment) {
            receiveSegment = into;
            receiveBuffer = into.asByteBuffer();
        }
        ByteBuffer buffer = receiveBuffer.clear();
        try {
            while (buffer.hasRemaining()) {
                if (socket.read(buffer) < 0) {
                    throw new TransportException("the other end closed the connection after " + buffer.position()
                            + " of " + buffer.capacity() + " bytes of a message");
                }
            }
        } catch (IOException e) {
            throw failure("receive", e);
        }
    }

    private TransportException failure(String what, IOException e) {
        String reason = abortReason.get();
        if (reason != null && e instanceof ClosedChannelException) {
            return new TransportException(reason, e);
        }
        return new TransportException(what + " failed: " + e, e);
    }

    @Override
    public void abort(String reason) {
        abortReason.set(reason);
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
