package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.List;
import java.util.Optional;

/**
 * Anonymous pipes: two made with {@code pipe2} by the benchmark process, one per direction, whose far ends the peer
 * inherits as its stdin and stdout ({@link PipePair}); both sides read and write the descriptors directly through FFM,
 * with no buffering in between. Nothing has a name, so nothing can be left behind.
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
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        PipePair pipes = PipePair.create(fd -> PipeSize.apply(fd, spec));
        return new Listener() {
            @Override
            public String endpoint() {
                return InheritedStdio.ENDPOINT;
            }

            @Override
            public Optional<InheritedStdio> inheritedStdio() {
                return Optional.of(pipes.forPeer());
            }

            @Override
            public Channel accept() {
                pipes.handOver();
                return FdStreamChannel.ofPipes(pipes.readFd(), pipes.writeFd(), BlockingMode.of(spec));
            }

            @Override
            public void close() {
                pipes.closeUnused();
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
}
