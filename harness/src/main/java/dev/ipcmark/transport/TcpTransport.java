package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.nativeio.ZeroCopy;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;

/**
 * TCP over the loopback interface (127.0.0.1), or to a peer in a network namespace across a veth pair ({@link
 * NetworkPath}), through FFM, with {@code TCP_NODELAY} so that Nagle's algorithm does not
 * hold small messages back. The listener takes an ephemeral port and accepts exactly one connection: the first that
 * opens with the {@linkplain PeerToken peer token}.
 */
final class TcpTransport extends StreamSocketTransport {
    @Override
    public String description() {
        return "TCP over loopback 127.0.0.1 (or a veth pair), TCP_NODELAY (kernel copy in and out, full TCP stack)";
    }

    @Override
    SocketListener listening(CaseSpec spec, PrivateDir dir, int backlog) {
        // Accepted sockets inherit the listener's buffer sizes; TCP_NODELAY (and the rest) is set on each.
        return SocketListener.inet(NetworkPath.Side.open(spec), backlog, fd -> SocketBuffers.apply(fd, spec), fd -> {
            configure(fd, spec);
            return channel(fd, spec);
        });
    }

    @Override
    int family() {
        return Sockets.AF_INET;
    }

    /** {@code MSG_ZEROCOPY} sends: the kernel pins the sender's pages instead of copying them. */
    static final Knob ZEROCOPY = Knob.choice(
                    "zerocopy",
                    "no: send copies the message into the kernel; yes: MSG_ZEROCOPY pins its pages until the kernel"
                            + " says it is done with them (completions read from the error queue; on loopback the"
                            + " kernel copies later after all)",
                    List.of("no", "yes"))
            .asStrategy()
            // TCP keys (and the baselines that hold them) stay as they were before the knob existed.
            .unkeyedAtDefault();

    @Override
    List<Knob> moreKnobs() {
        return List.of(BusyPoll.DECLARED, ZEROCOPY, NetworkPath.DECLARED);
    }

    @Override
    public boolean peerStartsWithEndpoint(CaseSpec spec) {
        // Over veth the peer's JVM starts inside the namespace the listener made.
        return NetworkPath.of(spec) != NetworkPath.LOOPBACK;
    }

    @Override
    public Support check(CaseSpec spec) {
        if (zeroCopy(spec)) {
            int fd = Sockets.open(Sockets.AF_INET, Sockets.SOCK_STREAM);
            try {
                Sockets.setOption(fd, Sockets.SOL_SOCKET, ZeroCopy.SO_ZEROCOPY, 1);
            } catch (RuntimeException e) {
                return Support.no("this kernel refuses SO_ZEROCOPY on a TCP socket: " + e.getMessage());
            } finally {
                Fd.close(fd);
            }
        }
        Support path = NetworkPath.check(spec);
        return path.runs() ? BusyPoll.check(spec) : path;
    }

    @Override
    void configure(int fd, CaseSpec spec) {
        Sockets.setOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
        BusyPoll.apply(fd, spec);
        if (zeroCopy(spec)) {
            Sockets.setOption(fd, Sockets.SOL_SOCKET, ZeroCopy.SO_ZEROCOPY, 1);
        }
    }

    @Override
    FdStreamChannel channel(int fd, CaseSpec spec) {
        return FdStreamChannel.ofSocket(fd, BlockingMode.of(spec), zeroCopy(spec));
    }

    private static boolean zeroCopy(CaseSpec spec) {
        return spec.knob(ZEROCOPY).equals("yes");
    }

    @Override
    void connectTo(int fd, String endpoint) {
        Sockets.connectInet(fd, NetworkPath.address(endpoint), NetworkPath.port(endpoint));
        // Any local user can connect to the listener: the token says this connection is the peer's.
        PeerToken.send(fd);
    }

    @Override
    String where(String endpoint) {
        return NetworkPath.shown(endpoint);
    }
}
