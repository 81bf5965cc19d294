package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DescriptorPassing;
import dev.ipcmark.nativeio.EventFd;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import java.util.List;

/**
 * eventfd as a transport of 8-byte messages: one eventfd per direction used as a 64-bit counter (no semaphore), the
 * message's bytes read as a number plus one added to it and a read taking it whole ({@link EventfdChannel}). The
 * listener makes both and hands them to the peer with {@code SCM_RIGHTS} over an AF_UNIX socket in its private
 * directory when it accepts; the peer takes them before its first message. Nothing is named once the peer is in.
 */
final class EventfdTransport implements Transport {
    private static final String SOCKET_FILE = "eventfd.sock";

    @Override
    public String description() {
        return "a pair of eventfds used as 64-bit counters, 8-byte messages, handed over with SCM_RIGHTS (one number"
                + " each way, no buffer)";
    }

    @Override
    public List<Knob> knobs() {
        return List.of(BlockingMode.knob());
    }

    @Override
    public long sampleMessageBytes() {
        return Long.BYTES;
    }

    @Override
    public Support check(CaseSpec spec) {
        if (spec.messageBytes() != Long.BYTES) {
            return Support.no("an eventfd carries one 64-bit number: messages of exactly 8 bytes (messageSizes: [8])");
        }
        if (spec.pattern() != Pattern.PING_PONG) {
            return Support.no("an eventfd adds up what is written until it is read, so a second message before the"
                    + " first is read would merge with it: only ping-pong, one message each way at a time, runs");
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        boolean blocking = BlockingMode.of(spec) == BlockingMode.BLOCKING;
        int toPeer = EventFd.createCounter(blocking);
        int fromPeer;
        try {
            fromPeer = EventFd.createCounter(blocking);
        } catch (RuntimeException e) {
            Fd.close(toPeer);
            throw e;
        }
        SocketListener control;
        try {
            control = SocketListener.unix(
                    Sockets.SOCK_STREAM,
                    dir.resolve(SOCKET_FILE),
                    fd -> {},
                    fd -> FdStreamChannel.ofSocket(fd, BlockingMode.BLOCKING));
        } catch (RuntimeException e) {
            Fd.close(toPeer);
            Fd.close(fromPeer);
            throw e;
        }
        return Pending.at(control.endpoint())
                .unlessAccepted(() -> {
                    control.close();
                    Fd.close(toPeer);
                    Fd.close(fromPeer);
                })
                .listener(() -> {
                    // The peer takes its copies: what it reads from is what this side writes to, and back.
                    try (FdChannel socket = (FdChannel) control.accept()) {
                        DescriptorPassing passing = new DescriptorPassing();
                        if (!passing.send(socket.writeFd, toPeer) || !passing.send(socket.writeFd, fromPeer)) {
                            throw new TransportException("the eventfds could not be handed to the peer");
                        }
                    } catch (RuntimeException e) {
                        Fd.close(toPeer);
                        Fd.close(fromPeer);
                        throw e;
                    }
                    return new EventfdChannel(fromPeer, toPeer, BlockingMode.of(spec));
                });
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int socket = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        try {
            Sockets.connectUnix(socket, endpoint);
            return EventfdChannel.handedOver(socket, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Fd.close(socket);
            throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
