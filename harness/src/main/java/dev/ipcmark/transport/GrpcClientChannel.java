package dev.ipcmark.transport;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The measuring process's end of the grpc transport: every {@link #send} is a unary call, every {@link #receive} takes
 * the answer of the oldest call not yet received. Calls complete on the channel's event loop (direct executor: no
 * extra hand-off to a pool), which wakes the receiving thread.
 */
final class GrpcClientChannel implements Channel {
    /** How often a waiting receive looks for an abort; an answer wakes it at once. */
    private static final long ABORT_CHECK_MS = 100;

    private final EventLoopGroup loop;
    private final ManagedChannel channel;
    private final BlockingQueue<ListenableFuture<byte[]>> outstanding = new LinkedBlockingQueue<>();
    private final AbortReason aborted = new AbortReason();

    GrpcClientChannel(String socket) {
        loop = GrpcEcho.loop("client");
        try {
            channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket))
                    .eventLoopGroup(loop)
                    .channelType(EpollDomainSocketChannel.class)
                    .usePlaintext()
                    .directExecutor()
                    .maxInboundMessageSize(GrpcEcho.MAX_MESSAGE_BYTES)
                    .build();
        } catch (RuntimeException e) {
            GrpcEcho.stop(loop);
            throw e;
        }
        // Connects now rather than inside the first timed call.
        channel.getState(true);
    }

    @Override
    public void send(MemorySegment message) {
        aborted.throwIfSet();
        byte[] request = message.toArray(ValueLayout.JAVA_BYTE);
        outstanding.add(ClientCalls.futureUnaryCall(channel.newCall(GrpcEcho.CALL, CallOptions.DEFAULT), request));
    }

    @Override
    public void receive(MemorySegment into) {
        byte[] answer = answer(nextCall());
        if (answer.length != into.byteSize()) {
            throw new TransportException(
                    "the gRPC answer has " + answer.length + " bytes where " + into.byteSize() + " were expected");
        }
        MemorySegment.copy(answer, 0, into, ValueLayout.JAVA_BYTE, 0, answer.length);
    }

    private ListenableFuture<byte[]> nextCall() {
        try {
            while (true) {
                aborted.throwIfSet();
                ListenableFuture<byte[]> call = outstanding.poll(ABORT_CHECK_MS, TimeUnit.MILLISECONDS);
                if (call != null) {
                    return call;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for a gRPC call", e);
        }
    }

    private byte[] answer(ListenableFuture<byte[]> call) {
        try {
            while (true) {
                aborted.throwIfSet();
                try {
                    return call.get(ABORT_CHECK_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // Look for an abort, then wait on.
                }
            }
        } catch (ExecutionException e) {
            throw new TransportException("the gRPC call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for a gRPC answer", e);
        }
    }

    @Override
    public void abort(String reason) {
        aborted.set(reason);
    }

    @Override
    public void close() {
        aborted.set("closed");
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            GrpcEcho.stop(loop);
        }
    }
}
