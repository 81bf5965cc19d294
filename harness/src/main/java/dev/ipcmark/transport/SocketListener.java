package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Poll;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A bound, listening connection-oriented socket (AF_UNIX stream or seqpacket, TCP) as a {@link Listener}: it accepts
 * exactly one connection (or for a fan-in mailbox, one per producer), wraps it as a channel, then closes itself and
 * releases whatever name it had. A loopback TCP listener can be reached by any local user, so it takes only
 * connections that open with the {@linkplain PeerToken peer token}: a stranger's is closed and the listener keeps
 * waiting. AF_UNIX listeners live in the case's private directory, which no other user can enter.
 */
final class SocketListener implements Listener {
    // Room for strangers in the accept queue, so that a few of them cannot push the peer's connection out.
    private static final int LOOPBACK_BACKLOG = 64;
    // How long a stranger may keep the listener waiting for a token it will never send.
    private static final int STRANGER_WAIT_MS = 250;
    private static final Duration AUTHENTICATION_DEADLINE = Duration.ofSeconds(10);

    private final int fd;
    private final String endpoint;
    private final IntFunction<? extends FdChannel> wrap;
    private final Leftovers.Registration name;
    private final boolean authenticated;
    private final List<String> launcher;
    private boolean closed;

    private SocketListener(
            int fd,
            String endpoint,
            IntFunction<? extends FdChannel> wrap,
            Leftovers.Registration name,
            boolean authenticated,
            List<String> launcher) {
        this.fd = fd;
        this.endpoint = endpoint;
        this.wrap = wrap;
        this.name = name;
        this.authenticated = authenticated;
        this.launcher = launcher;
    }

    /**
     * Listens on the socket file {@code path} with a socket of {@code type}, configured by {@code configure} first;
     * {@code wrap} turns the accepted descriptor into a channel.
     */
    static SocketListener unix(int type, Path path, IntConsumer configure, IntFunction<? extends FdChannel> wrap) {
        return unix(type, path, 1, configure, wrap);
    }

    /** As {@link #unix(int, Path, IntConsumer, IntFunction)}, with room for {@code backlog} pending connections. */
    static SocketListener unix(
            int type, Path path, int backlog, IntConsumer configure, IntFunction<? extends FdChannel> wrap) {
        int fd = Sockets.open(Sockets.AF_UNIX, type);
        Leftovers.Registration name = Leftovers.register("socket file " + path, () -> deleteQuietly(path));
        try {
            configure.accept(fd);
            Sockets.bindUnix(fd, path.toString());
            Sockets.listen(fd, backlog);
            return new SocketListener(fd, path.toString(), wrap, name, false, List.of());
        } catch (RuntimeException e) {
            Fd.close(fd);
            name.release();
            throw new TransportException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Listens with a TCP socket on an ephemeral port of {@code side}'s address, with room for {@code backlog} pending
     * connections; the side's name (a veth pair's namespace) goes with this listener.
     */
    static SocketListener inet(
            NetworkPath.Side side, int backlog, IntConsumer configure, IntFunction<? extends FdChannel> wrap) {
        int fd;
        try {
            fd = Sockets.open(Sockets.AF_INET, Sockets.SOCK_STREAM);
        } catch (RuntimeException e) {
            side.release();
            throw e;
        }
        try {
            configure.accept(fd);
            int port = Sockets.bindInet(fd, side.address());
            Sockets.listen(fd, Math.max(backlog, LOOPBACK_BACKLOG));
            return new SocketListener(fd, side.endpoint(port), wrap, side.name(), true, side.launcher());
        } catch (RuntimeException e) {
            Fd.close(fd);
            side.release();
            throw new TransportException(
                    "cannot listen on " + Sockets.dotted(side.address()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public List<String> peerLauncher() {
        return launcher;
    }

    @Override
    public Channel accept() {
        try {
            // The peer connected before it reported ready, so the connection is queued and this does not wait.
            int connection = acceptPeer();
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

    /**
     * Accepts the {@code producers} connections of a fan-in mailbox (all made before the producers reported ready) and
     * reads them as one inbox; closes this listener either way.
     */
    Inbox acceptEach(int producers, BlockingMode mode) {
        List<FdChannel> connections = new ArrayList<>();
        try {
            for (int i = 0; i < producers; i++) {
                int connection = acceptPeer();
                try {
                    connections.add(wrap.apply(connection));
                } catch (RuntimeException e) {
                    Fd.close(connection);
                    throw e;
                }
            }
            // One producer: read its connection straight, as a flat-out reader does; poll(2) only to choose among
            // several.
            return connections.size() == 1 ? connections.getFirst() : new PolledInbox(connections, mode);
        } catch (RuntimeException e) {
            connections.forEach(FdChannel::close);
            throw e;
        } finally {
            close();
        }
    }

    /**
     * The next connection from a peer of this process: on a loopback listener, the next one whose first bytes are the
     * peer token (every other is closed); elsewhere simply the next one.
     */
    private int acceptPeer() {
        if (!authenticated) {
            return Sockets.accept(fd);
        }
        long deadline = System.nanoTime() + AUTHENTICATION_DEADLINE.toNanos();
        Poll poll = new Poll();
        int strangers = 0;
        while (true) {
            int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (left == 0 || !poll.await(fd, Poll.POLLIN, left)) {
                throw new TransportException("no connection to " + NetworkPath.shown(endpoint)
                        + " proved to come from the peer"
                        + " within " + AUTHENTICATION_DEADLINE.toSeconds() + " s"
                        + (strangers > 0 ? " (" + strangers + " connection(s) without the peer token refused)" : ""));
            }
            int connection = Sockets.accept(fd);
            if (PeerToken.receivedOn(connection, STRANGER_WAIT_MS)) {
                if (strangers > 0) {
                    System.err.printf(
                            "ipcmark: refused %d connection(s) to %s without the peer token%n",
                            strangers, NetworkPath.shown(endpoint));
                }
                return connection;
            }
            Fd.close(connection);
            strangers++;
        }
    }

    /** A fan-in mailbox over connections to listeners made by {@code listen} (spec, dir, backlog). */
    static Mailbox mailbox(Listening listen, Transport transport) {
        return new Mailbox() {
            @Override
            public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
                SocketListener listener = listen.listen(spec, dir, producers);
                return Pending.at(listener.endpoint())
                        .launcher(listener.peerLauncher())
                        .whenClosed(listener::close)
                        .opening(() -> listener.acceptEach(producers, BlockingMode.of(spec)));
            }

            @Override
            public Channel connect(CaseSpec spec, String endpoint) {
                // A producer connects exactly as a one-to-one peer does.
                return transport.connect(spec, endpoint);
            }
        };
    }

    /** How a transport makes its listening socket with room for {@code backlog} pending connections. */
    @FunctionalInterface
    interface Listening {
        /** Binds and listens. */
        SocketListener listen(CaseSpec spec, PrivateDir dir, int backlog);
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
