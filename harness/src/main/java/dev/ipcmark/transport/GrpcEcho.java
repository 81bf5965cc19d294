package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one unary method both ends of the grpc transport speak, {@code ipcmark.Echo/Call}: a request of raw bytes
 * answered by one response of raw bytes. Messages are the case's bytes as they are, marshalled without protobuf (a
 * generated message class would add its own encoding, which is not what the transport measures).
 */
final class GrpcEcho {
    /** The largest message gRPC carries: its frames hold a 32-bit length. */
    static final int MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 64;

    static final String SERVICE = "ipcmark.Echo";

    static final MethodDescriptor<byte[], byte[]> CALL = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Call"))
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    // gRPC asks Netty for SO_KEEPALIVE on every client channel, which a Unix socket does not have, and Netty says so on
    // stderr for each channel; the logger is held here so that its level stays set.
    private static final Logger BOOTSTRAP_LOG = Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap");

    static {
        BOOTSTRAP_LOG.setLevel(Level.SEVERE);
    }

    /** Patterns in which every message the measuring process sends is answered by exactly one message. */
    private static final Set<Pattern> ONE_ANSWER_EACH = Set.of(Pattern.PING_PONG, Pattern.RATE, Pattern.TRANSFER);

    private GrpcEcho() {}

    /** Whether a case can run: a unary call answers each request once, over Netty's epoll transport. */
    static Support check(CaseSpec spec) {
        if (!ONE_ANSWER_EACH.contains(spec.pattern())) {
            return Support.no("a unary gRPC call answers each request exactly once; "
                    + spec.pattern().id() + " does not, so grpc runs ping-pong, rate and transfer");
        }
        if (spec.messageBytes() > MAX_MESSAGE_BYTES) {
            return Support.no("gRPC frames a message with a 32-bit length: at most 2 GiB");
        }
        if (!Epoll.isAvailable()) {
            return Support.no("Netty's epoll transport cannot load here: " + Epoll.unavailabilityCause());
        }
        return Support.RUNS;
    }

    /** One event loop thread (daemon, named for the side), enough for one connection. */
    static EventLoopGroup loop(String side) {
        return new MultiThreadIoEventLoopGroup(
                1,
                r -> {
                    Thread thread = new Thread(r, "ipcmark-grpc-" + side);
                    thread.setDaemon(true);
                    return thread;
                },
                EpollIoHandler.newFactory());
    }

    /** Stops a loop and waits (briefly) for its thread, so that a closed channel leaves no thread behind. */
    static void stop(EventLoopGroup loop) {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Raw bytes as a gRPC message: the array is the message. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new Known(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Lets gRPC size the frame without reading the stream twice. */
    private static final class Known extends ByteArrayInputStream implements KnownLength {
        Known(byte[] bytes) {
            super(bytes);
        }
    }
}
