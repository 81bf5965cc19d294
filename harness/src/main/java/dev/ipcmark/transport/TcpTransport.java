package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;
import java.util.Optional;

/**
 * TCP over the loopback interface (127.0.0.1) through FFM, with {@code TCP_NODELAY} so that Nagle's algorithm does not
 * hold small messages back. The listener takes an ephemeral port and accepts exactly one connection: the first that
 * opens with the {@linkplain PeerToken peer token}.
 */
final class TcpTransport implements Transport {
    @Override
    public String description() {
        return "TCP over loopback 127.0.0.1, TCP_NODELAY (kernel copy in and out, full TCP stack)";
    }

    @Override
    public List<Knob> knobs() {
        return SocketBuffers.withMode();
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        return listen(spec, dir, 1);
    }

    @Override
    public Optional<Mailbox> mailbox() {
        return Optional.of(SocketListener.mailbox(this::listen, this));
    }

    private SocketListener listen(CaseSpec spec, PrivateDir dir, int backlog) {
        BlockingMode mode = BlockingMode.of(spec);
        // Accepted sockets inherit the listener's buffer sizes; TCP_NODELAY is set on each.
        return SocketListener.loopback(backlog, fd -> SocketBuffers.apply(fd, spec), fd -> {
            noDelay(fd);
            return FdStreamChannel.ofSocket(fd, mode);
        });
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int fd = Sockets.open(Sockets.AF_INET, Sockets.SOCK_STREAM);
        try {
            SocketBuffers.apply(fd, spec);
            noDelay(fd);
            Sockets.connectLoopback(fd, Integer.parseInt(endpoint));
            // Any local user can connect to the listener: the token says this connection is the peer's.
            PeerToken.send(fd);
            return FdStreamChannel.ofSocket(fd, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot connect to 127.0.0.1:" + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static void noDelay(int fd) {
        Sockets.setOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
    }
}
