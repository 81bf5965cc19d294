package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * TCP over the loopback interface (127.0.0.1), blocking, with {@code TCP_NODELAY} so that Nagle's algorithm does not
 * hold small messages back. The listener takes an ephemeral port and accepts exactly one connection.
 */
final class TcpTransport implements Transport {
    @Override
    public String description() {
        return "TCP over loopback 127.0.0.1, TCP_NODELAY (kernel copy in and out, full TCP stack)";
    }

    @Override
    public Support check(CaseSpec spec) {
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open();
        } catch (IOException e) {
            throw new TransportException("cannot open a TCP socket: " + e.getMessage(), e);
        }
        return SocketListener.bind(
                server,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TcpTransport::endpoint,
                TcpTransport::noDelay,
                null);
    }

    private static String endpoint(ServerSocketChannel server) {
        try {
            return "127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        try {
            InetSocketAddress address = new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), Integer.parseInt(endpoint.substring(colon + 1)));
            return new SocketStreamChannel(noDelay(SocketChannel.open(address)));
        } catch (IOException | NumberFormatException e) {
            throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static SocketChannel noDelay(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }
}
