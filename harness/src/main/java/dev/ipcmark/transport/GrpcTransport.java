package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * gRPC on top of a Unix domain socket: a unary echo call over HTTP/2, Netty's epoll transport on both ends. What a
 * framework costs over the mechanism it uses, unix-stream. The measuring process is the client; the peer serves on the
 * socket path the measuring process chose in its private directory, because a unary call is always started by the
 * side that sends first.
 */
final class GrpcTransport implements Transport {
    private static final String SOCKET_FILE = "grpc.sock";

    @Override
    public String description() {
        return "gRPC unary echo over a unix socket (HTTP/2, Netty epoll): a framework on top of unix-stream";
    }

    @Override
    public Support check(CaseSpec spec) {
        return GrpcEcho.check(spec);
    }

    @Override
    public Optional<String> builtOn() {
        return Optional.of(TransportKind.UNIX_STREAM.id());
    }

    @Override
    public Optional<SetupCycle> setupCycle() {
        return Optional.empty();
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        Path socket = dir.resolve(SOCKET_FILE);
        return Pending.at(socket.toString()).listener(() -> new GrpcClientChannel(socket.toString()));
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        return new GrpcServerChannel(endpoint);
    }
}
