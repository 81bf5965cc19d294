package dev.ipcmark.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

/**
 * A bound, listening stream socket (AF_UNIX or TCP) as a {@link Listener}: it accepts exactly one connection, then
 * closes itself and releases whatever names it had.
 */
final class SocketListener implements Listener {
    /** A step that may fail with an {@link IOException}, e.g. setting a socket option. */
    interface Configure {
        /** Returns {@code channel}, configured. */
        SocketChannel apply(SocketChannel channel) throws IOException;
    }

    private final ServerSocketChannel server;
    private final String endpoint;
    private final Configure configure;
    private final Leftovers.Registration name;

    private SocketListener(
            ServerSocketChannel server, String endpoint, Configure configure, Leftovers.Registration name) {
        this.server = server;
        this.endpoint = endpoint;
        this.configure = configure;
        this.name = name;
    }

    /**
     * Binds {@code server} to {@code address} (backlog 1: one peer) and listens. {@code endpoint} derives what the peer
     * needs from the bound socket; {@code name} is released on close (null when the socket has no name in a file
     * system). On failure the socket is closed and the name released.
     */
    static SocketListener bind(
            ServerSocketChannel server,
            SocketAddress address,
            Function<ServerSocketChannel, String> endpoint,
            Configure configure,
            Leftovers.Registration name) {
        try {
            server.bind(address, 1);
            return new SocketListener(server, endpoint.apply(server), configure, name);
        } catch (IOException | RuntimeException e) {
            try {
                server.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                if (name != null) {
                    name.release();
                }
            }
            throw new TransportException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Channel accept() {
        try {
            return new SocketStreamChannel(configure.apply(server.accept()));
        } catch (IOException e) {
            throw new TransportException("accept on " + endpoint + " failed: " + e.getMessage(), e);
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
            if (name != null) {
                name.release();
            }
        }
    }
}
