package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;
import java.util.Optional;

/**
 * AF_UNIX stream socket through FFM. The socket file lives in the listener's private directory and is unlinked as
 * soon as the peer is connected, so a crash after set-up leaves no name behind.
 */
final class UnixStreamTransport implements Transport {
    private static final String SOCKET_FILE = "unix-stream.sock";

    @Override
    public String description() {
        return "AF_UNIX stream socket (kernel copy in and out, byte stream)";
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
        return SocketListener.unix(
                Sockets.SOCK_STREAM,
                dir.resolve(SOCKET_FILE),
                backlog,
                fd -> SocketBuffers.apply(fd, spec),
                fd -> FdStreamChannel.ofSocket(fd, mode));
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        try {
            SocketBuffers.apply(fd, spec);
            Sockets.connectUnix(fd, endpoint);
            return FdStreamChannel.ofSocket(fd, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
