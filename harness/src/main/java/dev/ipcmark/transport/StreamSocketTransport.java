package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the two stream sockets (TCP and AF_UNIX) share: buffer and mode knobs, a listener per case (one connection) or
 * per fan-in mailbox (one per producer), and a connect that sizes the buffers before connecting. A subclass says how
 * to listen, where to connect and what to set on each socket.
 */
abstract class StreamSocketTransport implements Transport {
    @Override
    public final List<Knob> knobs() {
        return Stream.concat(SocketBuffers.withMode().stream(), moreKnobs().stream())
                .toList();
    }

    /** Knobs beyond the mode and buffer sizes; none by default. */
    List<Knob> moreKnobs() {
        return List.of();
    }

    @Override
    public final Listener listen(CaseSpec spec, PrivateDir dir) {
        return listening(spec, dir, 1);
    }

    @Override
    public final Optional<Mailbox> mailbox() {
        return Optional.of(SocketListener.mailbox(this::listening, this));
    }

    /** Binds and listens with room for {@code backlog} pending connections. */
    abstract SocketListener listening(CaseSpec spec, PrivateDir dir, int backlog);

    /** The address family of the sockets. */
    abstract int family();

    /** Connects {@code fd} to {@code endpoint} and proves to the listener who it is, where it must. */
    abstract void connectTo(int fd, String endpoint);

    /** What an endpoint is called in error messages. */
    abstract String where(String endpoint);

    /** The channel over the connected socket {@code fd}; a plain stream socket channel by default. */
    FdStreamChannel channel(int fd, CaseSpec spec) {
        return FdStreamChannel.ofSocket(fd, BlockingMode.of(spec));
    }

    /** Sets what every socket of {@code spec} needs beyond its buffer sizes; nothing by default. */
    void configure(int fd, CaseSpec spec) {}

    @Override
    public final Channel connect(CaseSpec spec, String endpoint) {
        int fd = Sockets.open(family(), Sockets.SOCK_STREAM);
        try {
            SocketBuffers.apply(fd, spec);
            configure(fd, spec);
            connectTo(fd, endpoint);
            return channel(fd, spec);
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot connect to " + where(endpoint) + ": " + e.getMessage(), e);
        }
    }
}
