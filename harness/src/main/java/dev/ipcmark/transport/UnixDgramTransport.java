package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AF_UNIX message sockets through FFM: {@code SOCK_DGRAM} (each side binds a socket file in the private directory and
 * connects to the other's) or {@code SOCK_SEQPACKET} (listen and accept, like a stream, but with message boundaries),
 * as the {@value #SOCKET_TYPE} knob. Both are reliable and ordered on Linux. A message travels as one datagram up to
 * {@link #MAX_DATAGRAM_BYTES} (or half the send buffer, if smaller: the kernel refuses a datagram that does not fit in
 * it) and as consecutive datagrams beyond. The socket files are unlinked once both sides are connected.
 */
final class UnixDgramTransport implements Transport {
    /** The knob choosing the socket type. */
    static final String SOCKET_TYPE = "socket-type";

    private static final long MAX_DATAGRAM_BYTES = 64 * 1024;
    private static final String LISTENER_FILE = "listener.sock";
    private static final String PEER_FILE = "peer.sock";
    private static final String DGRAM = "dgram";
    private static final String SEQPACKET = "seqpacket";

    /** SOCK_DGRAM or SOCK_SEQPACKET. */
    private static final Knob TYPE = Knob.choice(
                    SOCKET_TYPE, "SOCK_DGRAM (connectionless) or SOCK_SEQPACKET (connected)", List.of(DGRAM, SEQPACKET))
            .asStrategy();

    @Override
    public String description() {
        return "AF_UNIX datagram or seqpacket socket (kernel copy in and out, message boundaries kept)";
    }

    @Override
    public List<Knob> knobs() {
        List<Knob> knobs = new ArrayList<>();
        knobs.add(TYPE);
        knobs.addAll(SocketBuffers.withMode());
        return knobs;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        BlockingMode mode = BlockingMode.of(spec);
        if (seqpacket(spec)) {
            return seqpacketListener(spec, dir, 1);
        }
        Path self = dir.resolve(LISTENER_FILE);
        Path peer = dir.resolve(PEER_FILE);
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_DGRAM);
        Leftovers.Registration names = Leftovers.register("socket files in " + dir.path(), () -> {
            SocketListener.deleteQuietly(self);
            SocketListener.deleteQuietly(peer);
        });
        try {
            SocketBuffers.apply(fd, spec);
            Sockets.bindUnix(fd, self.toString());
        } catch (RuntimeException e) {
            Fd.close(fd);
            names.release();
            throw new TransportException("cannot bind " + self + ": " + e.getMessage(), e);
        }
        return new DatagramListener(
                fd,
                dir.path().toString(),
                (socket, announced) -> {
                    Sockets.connectUnix(socket, announced);
                    return channel(socket, mode);
                },
                names);
    }

    private static SocketListener seqpacketListener(CaseSpec spec, PrivateDir dir, int backlog) {
        BlockingMode mode = BlockingMode.of(spec);
        return SocketListener.unix(
                Sockets.SOCK_SEQPACKET,
                dir.resolve(LISTENER_FILE),
                backlog,
                fd -> SocketBuffers.apply(fd, spec),
                fd -> channel(fd, mode));
    }

    @Override
    public Optional<Mailbox> mailbox() {
        Mailbox seqpacket = SocketListener.mailbox(UnixDgramTransport::seqpacketListener, this);
        return Optional.of(new Mailbox() {
            @Override
            public Support check(CaseSpec spec) {
                // A message in several datagrams could interleave with another producer's datagrams.
                long datagram = datagramBytes(spec);
                if (spec.messageBytes() > datagram) {
                    return Support.no("a " + Sizes.format(spec.messageBytes()) + " message needs several datagrams"
                            + " (one carries at most " + Sizes.format(datagram) + " here), which could interleave with"
                            + " other producers' datagrams in one mailbox");
                }
                return Support.RUNS;
            }

            @Override
            public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
                return seqpacket(spec) ? seqpacket.listen(spec, dir, producers) : boundMailbox(spec, dir);
            }

            @Override
            public Channel connect(CaseSpec spec, String endpoint) {
                if (seqpacket(spec)) {
                    return seqpacket.connect(spec, endpoint);
                }
                // Producers need no address of their own: nothing is sent back to them.
                int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_DGRAM);
                try {
                    SocketBuffers.apply(fd, spec);
                    Sockets.connectUnix(fd, endpoint);
                    return channel(fd, BlockingMode.of(spec));
                } catch (RuntimeException e) {
                    Fd.close(fd);
                    throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
                }
            }
        });
    }

    /** One bound datagram socket every producer sends to; its file goes once they are all connected. */
    private static Opening boundMailbox(CaseSpec spec, PrivateDir dir) {
        Path self = dir.resolve(LISTENER_FILE);
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_DGRAM);
        Leftovers.Registration name =
                Leftovers.register("socket file " + self, () -> SocketListener.deleteQuietly(self));
        try {
            SocketBuffers.apply(fd, spec);
            Sockets.bindUnix(fd, self.toString());
        } catch (RuntimeException e) {
            Fd.close(fd);
            name.release();
            throw new TransportException("cannot bind " + self + ": " + e.getMessage(), e);
        }
        return Pending.at(self.toString())
                .names(name)
                .unlessAccepted(() -> Fd.close(fd))
                .opening(() -> channel(fd, BlockingMode.of(spec)));
    }

    /** The largest datagram {@code spec}'s sockets send: what {@link #channel} will use. */
    private static long datagramBytes(CaseSpec spec) {
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_DGRAM);
        try {
            SocketBuffers.apply(fd, spec);
            return Math.min(MAX_DATAGRAM_BYTES, Sockets.option(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF) / 2);
        } finally {
            Fd.close(fd);
        }
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int fd = Sockets.open(Sockets.AF_UNIX, seqpacket(spec) ? Sockets.SOCK_SEQPACKET : Sockets.SOCK_DGRAM);
        try {
            SocketBuffers.apply(fd, spec);
            if (seqpacket(spec)) {
                Sockets.connectUnix(fd, endpoint);
            } else {
                String self = Path.of(endpoint, PEER_FILE).toString();
                Sockets.bindUnix(fd, self);
                Sockets.connectUnix(fd, Path.of(endpoint, LISTENER_FILE).toString());
                DatagramListener.announce(fd, self);
            }
            return channel(fd, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static boolean seqpacket(CaseSpec spec) {
        return spec.knob(TYPE).equals(SEQPACKET);
    }

    private static FdDatagramChannel channel(int fd, BlockingMode mode) {
        // Both sides set the same buffer knob, so both arrive at the same datagram size.
        int sendBuffer = Sockets.option(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF);
        return new FdDatagramChannel(fd, mode, Math.min(MAX_DATAGRAM_BYTES, sendBuffer / 2));
    }
}
