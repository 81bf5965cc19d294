package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;
import java.util.Optional;

/**
 * Anonymous pipes: two made with {@code pipe2} by the benchmark process, one per direction, whose far ends the peer
 * inherits as its stdin and stdout ({@link InheritedStdio}); both sides read and write the descriptors directly through
 * FFM, with no buffering in between. Nothing has a name, so nothing can be left behind.
 */
final class PipeTransport implements Transport {
    @Override
    public String description() {
        return "anonymous pipe pair (pipe2), inherited by the peer (kernel copy in and out, byte stream)";
    }

    @Override
    public List<Knob> knobs() {
        return PipeSize.withMode();
    }

    @Override
    public Support check(CaseSpec spec) {
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        int[] toPeer = Fd.pipe();
        int[] fromPeer;
        try {
            fromPeer = Fd.pipe();
        } catch (RuntimeException e) {
            closeAll(toPeer);
            throw e;
        }
        try {
            PipeSize.apply(toPeer[1], spec);
            PipeSize.apply(fromPeer[1], spec);
        } catch (RuntimeException e) {
            closeAll(toPeer);
            closeAll(fromPeer);
            throw e;
        }
        return new Listener() {
            private boolean accepted;
            private boolean closed;

            @Override
            public String endpoint() {
                return InheritedStdio.ENDPOINT;
            }

            @Override
            public Optional<InheritedStdio> inheritedStdio() {
                return Optional.of(new InheritedStdio(toPeer[0], fromPeer[1]));
            }

            @Override
            public Channel accept() {
                // The peer has its own copies now; ours must go, or a dead peer's pipe would never read as EOF here.
                accepted = true;
                closed = true;
                closeAll(toPeer[0], fromPeer[1]);
                return FdStreamChannel.ofPipes(fromPeer[0], toPeer[1], BlockingMode.of(spec));
            }

            @Override
            public void close() {
                if (!accepted && !closed) {
                    closed = true;
                    closeAll(toPeer);
                    closeAll(fromPeer);
                }
            }
        };
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        if (!endpoint.equals(InheritedStdio.ENDPOINT)) {
            throw new TransportException("a pipe comes through stdin and stdout, not '" + endpoint + "'");
        }
        return FdStreamChannel.ofPipes(0, 1, BlockingMode.of(spec));
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            Fd.close(fd);
        }
    }
}
