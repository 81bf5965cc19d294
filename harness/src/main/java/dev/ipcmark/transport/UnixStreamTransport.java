package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * AF_UNIX stream socket through JDK channels, blocking. The socket file lives in the listener's private directory and
 * is unlinked as soon as the peer is connected, so a crash after set-up leaves no name behind.
 */
final class UnixStreamTransport implements Transport {
    @Override
    public String description() {
        return "AF_UNIX stream socket (kernel copy in and out, byte stream)";
    }

    @Override
    public Map<String, List<String>> knobs() {
        return Map.of();
    }

    @Override
    public Support check(CaseSpec spec) {
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        Path socket = dir.resolve("unix-stream.sock");
        try {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            Leftovers.Registration name = Leftovers.register("socket file " + socket, () -> deleteQuietly(socket));
            server.bind(UnixDomainSocketAddress.of(socket), 1);
            return new Listener() {
                @Override
                public String endpoint() {
                    return socket.toString();
                }

                @Override
                public Channel accept() {
                    try {
                        SocketChannel channel = server.accept();
                        return new StreamChannel(channel);
                    } catch (IOException e) {
                        throw new TransportException("accept on " + socket + " failed: " + e.getMessage(), e);
                    } finally {
                        close();
                    }
                }

                @Override
                public void close() {
                    try {
                        server.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        name.release();
                    }
                }
            };
        } catch (IOException e) {
            throw new TransportException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        try {
            return new StreamChannel(SocketChannel.open(UnixDomainSocketAddress.of(endpoint)));
        } catch (IOException e) {
            throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connected stream: a message is written whole and read back in as many reads as the kernel needs. */
    private static final class StreamChannel implements Channel {
        private final SocketChannel socket;
        private volatile String abortReason;
        // The benchmark passes the same segments every time; cache their ByteBuffer views to keep the loop
        // allocation-free.
        private MemorySegment sendSegment;
        private ByteBuffer sendBuffer;
        private MemorySegment receiveSegment;
        private ByteBuffer receiveBuffer;

        StreamChannel(SocketChannel socket) {
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
            String reason = abortReason;
            if (reason != null && e instanceof ClosedChannelException) {
                return new TransportException(reason, e);
            }
            return new TransportException(what + " failed: " + e, e);
        }

        @Override
        public void abort(String reason) {
            abortReason = reason;
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
}
