package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;

/**
 * AF_UNIX stream socket through FFM. The socket file lives in the listener's private directory and is unlinked as
 * soon as the peer is connected, so a crash after set-up leaves no name behind.
 */
final class UnixStreamTransport extends StreamSocketTransport {
    private static final String SOCKET_FILE = "unix-stream.sock";

    @Override
    public String description() {
        return "AF_UNIX stream socket (kernel copy in and out, byte stream)";
    }

    @Override
    SocketListener listening(CaseSpec spec, PrivateDir dir, int backlog) {
        BlockingMode mode = BlockingMode.of(spec);
        return SocketListener.unix(
                Sockets.SOCK_STREAM,
                dir.resolve(SOCKET_FILE),
                backlog,
                fd -> SocketBuffers.apply(fd, spec),
                fd -> FdStreamChannel.ofSocket(fd, mode));
    }

    @Override
    int family() {
        return Sockets.AF_UNIX;
    }

    @Override
    void connectTo(int fd, String endpoint) {
        Sockets.connectUnix(fd, endpoint);
    }

    @Override
    String where(String endpoint) {
        return endpoint;
    }
}
