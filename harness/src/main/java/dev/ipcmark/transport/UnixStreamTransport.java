package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

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
    public Support check(CaseSpec spec) {
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        Path socket = dir.resolve("unix-stream.sock");
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new TransportException("cannot open an AF_UNIX socket: " + e.getMessage(), e);
        }
        Leftovers.Registration name = Leftovers.register("socket file " + socket, () -> deleteQuietly(socket));
        return SocketListener.bind(server, UnixDomainSocketAddress.of(socket), s -> socket.toString(), c -> c, name);
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        try {
            return new SocketStreamChannel(SocketChannel.open(UnixDomainSocketAddress.of(endpoint)));
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
}
