package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A bound, listening connection-oriented socket (AF_UNIX stream or seqpacket, TCP) as a {@link Listener}: it accepts
 * exactly one connection, wraps it as a channel, then closes itself and releases whatever name it had.
 */
final class SocketListener implements Listener {
    private final int fd;
    private final String endpoint;
    private final IntFunction<Channel> wrap;
    private final Leftovers.Registration name;
    private boolean closed;

    private SocketListener(int fd, String endpoint, IntFunction<Channel> wrap, Leftovers.Registration name) {
        this.fd = fd;
        this.endpoint = endpoint;
        this.wrap = wrap;
        this.name = name;
    }

    /**
     * Listens on the socket file {@code path} with a socket of {@code type}, configured by {@code configure} first;
     * {@code wrap} turns the accepted descriptor into a channel.
     */
    static SocketListener unix(int type, Path path, IntConsumer configure, IntFunction<Channel> wrap) {
        int fd = Sockets.open(Sockets.AF_UNIX, type);
        Leftovers.Registration name = Leftovers.register("socket file " + path, () -> deleteQuietly(path));
        try {
            configure.accept(fd);
            Sockets.bindUnix(fd, path.toString());
            Sockets.listen(fd, 1);
            return new SocketListener(fd, path.toString(), wrap, name);
        } catch (RuntimeException e) {
            Fd.close(fd);
            name.release();
            throw new TransportException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    /** Listens on 127.0.0.1 on an ephemeral port with a TCP socket; the endpoint is the port. */
    static SocketListener loopback(IntConsumer configure, IntFunction<Channel> wrap) {
        int fd = Sockets.open(Sockets.AF_INET, Sockets.SOCK_STREAM);
        try {
            configure.accept(fd);
            int port = Sockets.bindLoopback(fd);
            Sockets.listen(fd, 1);
            return new SocketListener(fd, Integer.toString(port), wrap, null);
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Channel accept() {
        try {
            // The peer connected before it reported ready, so the connection is queued and this does not wait.
            int connection = Sockets.accept(fd);
            try {
                return wrap.apply(connection);
            } catch (RuntimeException e) {
                Fd.close(connection);
                throw e;
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                Fd.close(fd);
            } finally {
                if (name != null) {
                    name.release();
                }
            }
        }
    }

    /** Removes {@code path} if it exists; what a socket file's registration does. */
    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
