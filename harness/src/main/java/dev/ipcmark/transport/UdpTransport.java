package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.PeerRole;
import dev.ipcmark.scenario.Sizes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * UDP over the loopback interface (127.0.0.1) through FFM: each side binds an ephemeral port and connects to the
 * other's, and each message is one datagram. Messages larger than {@value #MAX_PAYLOAD_BYTES} bytes (the most an IPv4
 * UDP datagram carries) are skipped: split over UDP they could overflow the receive buffer and be lost for good.
 */
final class UdpTransport implements Transport {
    private static final long MAX_PAYLOAD_BYTES = 65_507;

    // What a queued datagram costs the receive buffer besides its payload (sk_buff and headers), roughly.
    private static final long DATAGRAM_OVERHEAD_BYTES = 1024;
    private static final Path RMEM_DEFAULT = Path.of("/proc/sys/net/core/rmem_default");

    @Override
    public String description() {
        return "UDP over loopback 127.0.0.1 (or a veth pair), one datagram per message (kernel copy in and out, IP"
                + " stack)";
    }

    @Override
    public List<Knob> knobs() {
        return KNOBS;
    }

    private static final List<Knob> KNOBS = Stream.concat(
                    SocketBuffers.withMode().stream(), Stream.of(BusyPoll.DECLARED, NetworkPath.DECLARED))
            .toList();

    @Override
    public boolean peerStartsWithEndpoint(CaseSpec spec) {
        // Over veth the peer's JVM starts inside the namespace the listener made.
        return NetworkPath.of(spec) != NetworkPath.LOOPBACK;
    }

    @Override
    public Support check(CaseSpec spec) {
        Support busyPoll = BusyPoll.check(spec);
        if (!busyPoll.runs()) {
            return busyPoll;
        }
        Support path = NetworkPath.check(spec);
        if (!path.runs()) {
            return path;
        }
        if (spec.pattern().peer().facet() == PeerRole.Facet.MAILBOX) {
            return Support.no("UDP drops datagrams when the receiver's buffer is full, which several producers sending"
                    + " flat out make it; fan-in could not tell that loss from a bug. unix-dgram is the reliable"
                    + " datagram mailbox");
        }
        if (spec.messageBytes() > MAX_PAYLOAD_BYTES) {
            return Support.no("a " + Sizes.format(spec.messageBytes()) + " message does not fit in one UDP datagram (at"
                    + " most " + MAX_PAYLOAD_BYTES + " bytes), and split datagrams could be lost without a trace");
        }
        if (spec.pattern() == Pattern.STREAM) {
            // Loopback UDP drops what does not fit in the receive buffer: all that may be in flight must fit.
            long inFlight = spec.number(Pattern.WINDOW)
                    * spec.number(Pattern.BATCH)
                    * (spec.messageBytes() + DATAGRAM_OVERHEAD_BYTES);
            String rcvbuf = spec.knob(SocketBuffers.knobs(), SocketBuffers.RCVBUF);
            long room = rcvbuf.equals(Knob.KERNEL_DEFAULT)
                    ? KernelFiles.readLong(RMEM_DEFAULT, 212_992)
                    : 2 * Sizes.parse(rcvbuf); // the kernel doubles SO_RCVBUF for its bookkeeping
            if (inFlight > room) {
                return Support.no("window × batch datagrams of " + Sizes.format(spec.messageBytes()) + " take about "
                        + Sizes.human(inFlight) + " of receive buffer, more than its " + Sizes.human(room)
                        + ", and UDP would drop the rest; lower batch or window, or raise rcvbuf");
            }
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        BlockingMode mode = BlockingMode.of(spec);
        NetworkPath.Side side = NetworkPath.Side.open(spec);
        int fd;
        int port;
        try {
            fd = Sockets.open(Sockets.AF_INET, Sockets.SOCK_DGRAM);
        } catch (RuntimeException e) {
            side.release();
            throw e;
        }
        try {
            SocketBuffers.apply(fd, spec);
            BusyPoll.apply(fd, spec);
            port = Sockets.bindInet(fd, side.address());
        } catch (RuntimeException e) {
            Fd.close(fd);
            side.release();
            throw new TransportException(
                    "cannot bind a UDP socket on " + Sockets.dotted(side.address()) + ": " + e.getMessage(), e);
        }
        return new DatagramListener(
                fd,
                side.endpoint(port),
                (socket, announced) -> {
                    Sockets.connectInet(socket, NetworkPath.address(announced), NetworkPath.port(announced));
                    return new FdDatagramChannel(socket, mode, MAX_PAYLOAD_BYTES);
                },
                side.name(),
                side.launcher());
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int fd = Sockets.open(Sockets.AF_INET, Sockets.SOCK_DGRAM);
        try {
            SocketBuffers.apply(fd, spec);
            BusyPoll.apply(fd, spec);
            // On loopback the peer stays on loopback; elsewhere the route to the listener picks its address.
            int listener = NetworkPath.address(endpoint);
            int self = Sockets.bindInet(fd, listener == Sockets.loopback() ? listener : 0);
            Sockets.connectInet(fd, listener, NetworkPath.port(endpoint));
            DatagramListener.announce(fd, Sockets.dotted(Sockets.localInet(fd)) + ":" + self);
            return new FdDatagramChannel(fd, BlockingMode.of(spec), MAX_PAYLOAD_BYTES);
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot connect to " + NetworkPath.shown(endpoint) + ": " + e.getMessage(), e);
        }
    }
}
