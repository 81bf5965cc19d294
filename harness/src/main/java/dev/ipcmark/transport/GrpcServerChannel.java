package dev.ipcmark.transport;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The peer's end of the grpc transport: a gRPC server on the socket the measuring process named. Each call's request
 * is what {@link #receive} returns, and each {@link #send} answers the oldest call received and not yet answered, so
 * the peer's echo loop serves calls without knowing it. Requests arrive on the server's event loop (direct executor)
 * and are handed to the receiving thread through a queue.
 */
final class GrpcServerChannel implements Channel {
    private static final long ABORT_CHECK_MS = 100;

    private record Call(byte[] request, StreamObserver<byte[]> answer) {}

    private final BlockingQueue<Call> arrived = new LinkedBlockingQueue<>();
    private final Queue<StreamObserver<byte[]>> unanswered = new ConcurrentLinkedQueue<>();
    private final EventLoopGroup loop;
    private final Server server;
    private final Leftovers.Registration socketFile;
    private final AbortReason aborted = new AbortReason();

    GrpcServerChannel(String socket) {
        Path path = Path.of(socket);
        loop = GrpcEcho.loop("server");
        socketFile = Leftovers.register("gRPC socket file " + path, () -> SocketListener.deleteQuietly(path));
        try {
            server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(loop)
                    .workerEventLoopGroup(loop)
                    .directExecutor()
                    .maxInboundMessageSize(GrpcEcho.MAX_MESSAGE_BYTES)
                    .addService(ServerServiceDefinition.builder(GrpcEcho.SERVICE)
                            .addMethod(
                                    GrpcEcho.CALL,
                                    ServerCalls.asyncUnaryCall(
                                            (request, answer) -> arrived.add(new Call(request, answer))))
                            .build())
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            GrpcEcho.stop(loop);
            socketFile.release();
            throw new TransportException("cannot serve gRPC on " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void receive(MemorySegment into) {
        Call call = next();
        if (call.request.length != into.byteSize()) {
            call.answer.onError(io.grpc.Status.INVALID_ARGUMENT.asRuntimeException());
            throw new TransportException(
                    "a gRPC request has " + call.request.length + " bytes where " + into.byteSize() + " were expected");
        }
        MemorySegment.copy(call.request, 0, into, ValueLayout.JAVA_BYTE, 0, call.request.length);
        unanswered.add(call.answer);
    }

    private Call next() {
        try {
            while (true) {
                aborted.throwIfSet();
                Call call = arrived.poll(ABORT_CHECK_MS, TimeUnit.MILLISECONDS);
                if (call != null) {
                    return call;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for a gRPC request", e);
        }
    }

    @Override
    public void send(MemorySegment message) {
        aborted.throwIfSet();
        StreamObserver<byte[]> answer = unanswered.poll();
        if (answer == null) {
            throw new TransportException("a gRPC server speaks only to answer a call, and no call is waiting");
        }
        answer.onNext(message.toArray(ValueLayout.JAVA_BYTE));
        answer.onCompleted();
    }

    @Override
    public void abort(String reason) {
        aborted.set(reason);
    }

    @Override
    public void close() {
        aborted.set("closed");
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            GrpcEcho.stop(loop);
            socketFile.release();
        }
    }
}
