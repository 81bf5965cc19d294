package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;

/**
 * TCP over the loopback interface (127.0.0.1) through FFM, with {@code TCP_NODELAY} so that Nagle's algorithm does not
 * hold small messages back. The listener takes an ephemeral port and accepts exactly one connection: the first that
 * opens with the {@linkplain PeerToken peer token}.
 */
final class TcpTransport extends StreamSocketTransport {
    @Override
    public String description() {
        return "TCP over loopback 127.0.0.1, TCP_NODELAY (kernel copy in and out, full TCP stack)";
    }

    @Override
    SocketListener listening(CaseSpec spec, PrivateDir dir, int backlog) {
        BlockingMode mode = BlockingMode.of(spec);
        // Accepted sockets inherit the listener's buffer sizes; TCP_NODELAY is set on each.
        return SocketListener.loopback(backlog, fd -> SocketBuffers.apply(fd, spec), fd -> {
            configure(fd, spec);
            return FdStreamChannel.ofSocket(fd, mode);
        });
    }

    @Override
    int family() {
        return Sockets.AF_INET;
    }

    @Override
    List<Knob> moreKnobs() {
        return List.of(BusyPoll.DECLARED);
    }

    @Override
    public Support check(CaseSpec spec) {
        return BusyPoll.check(spec);
    }

    @Override
    void configure(int fd, CaseSpec spec) {
        Sockets.setOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
        BusyPoll.apply(fd, spec);
    }

    @Override
    void connectTo(int fd, String endpoint) {
        Sockets.connectLoopback(fd, Integer.parseInt(endpoint));
        // Any local user can connect to the listener: the token says this connection is the peer's.
        PeerToken.send(fd);
    }

    @Override
    String where(String endpoint) {
        return "127.0.0.1:" + endpoint;
    }
}
