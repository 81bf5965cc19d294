package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Anonymous pipes: two made with {@code pipe2} by the benchmark process, one per direction, whose far ends the peer
 * inherits as its stdin and stdout ({@link PipePair}); both sides read and write the descriptors directly through FFM,
 * with no buffering in between. Nothing has a name, so nothing can be left behind.
 */
final class PipeTransport implements Transport {
    /** How the sender puts a message into the pipe. */
    static final Knob WRITE = Knob.choice(
                    "write",
                    "write: copied into the pipe (write(2)); vmsplice: the pipe takes the sender's pages (vmsplice(2)),"
                            + " and the reader's read is the one copy",
                    List.of("write", "vmsplice"))
            .asStrategy()
            // Pipe cases' keys (and the baselines that hold them) stay as they were before the knob existed.
            .unkeyedAtDefault();

    private static final List<Knob> KNOBS =
            Stream.concat(PipeSize.withMode().stream(), Stream.of(WRITE)).toList();

    @Override
    public String description() {
        return "anonymous pipe pair (pipe2), inherited by the peer (kernel copy in and out, byte stream)";
    }

    @Override
    public List<Knob> knobs() {
        return KNOBS;
    }

    @Override
    public int copies(CaseSpec spec) {
        return vmsplice(spec) ? 1 : 2;
    }

    @Override
    public boolean peerStartsWithEndpoint(CaseSpec spec) {
        // The pipes have no name: the peer inherits them as its stdin and stdout.
        return true;
    }

    @Override
    public Support check(CaseSpec spec) {
        if (vmsplice(spec) && spec.pattern() != Pattern.PING_PONG && spec.pattern() != Pattern.TRANSFER) {
            return Support.no("vmsplice hands the pipe the sender's pages, not a copy of them, so the sender may reuse"
                    + " its buffer only once the reader has read it; only ping-pong and transfer wait for that (an"
                    + " answer) before the next message");
        }
        return Support.RUNS;
    }

    private static boolean vmsplice(CaseSpec spec) {
        return spec.knob(WRITE).equals("vmsplice");
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        PipePair pipes = PipePair.create(fd -> PipeSize.apply(fd, spec));
        return Pending.at(InheritedStdio.ENDPOINT)
                .stdio(Optional.of(pipes.forPeer()))
                .unlessAccepted(pipes::closeUnused)
                .listener(() -> {
                    pipes.handOver();
                    return FdStreamChannel.ofPipes(
                            pipes.readFd(), pipes.writeFd(), BlockingMode.of(spec), vmsplice(spec));
                });
    }

    @Override
    public Optional<Mailbox> mailbox() {
        return Optional.of(new Mailbox() {
            @Override
            public Support check(CaseSpec spec) {
                return PipeSize.checkSharedWrites(spec);
            }

            @Override
            public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
                // One pipe whose write end every producer inherits as its stdout.
                int[] pipe = Fd.pipe();
                try {
                    PipeSize.apply(pipe[1], spec);
                } catch (RuntimeException e) {
                    Fd.close(pipe[0]);
                    Fd.close(pipe[1]);
                    throw e;
                }
                return Pending.at(InheritedStdio.ENDPOINT)
                        .stdio(Optional.of(InheritedStdio.outputOnly(pipe[1])))
                        .unlessAccepted(() -> {
                            Fd.close(pipe[0]);
                            Fd.close(pipe[1]);
                        })
                        .opening(() -> {
                            // Every producer holds its own write end now; keeping ours would hide their deaths.
                            Fd.close(pipe[1]);
                            return FdStreamChannel.ofPipes(pipe[0], pipe[0], BlockingMode.of(spec));
                        });
            }

            @Override
            public Channel connect(CaseSpec spec, String endpoint) {
                requireStdio(endpoint);
                return FdStreamChannel.ofPipes(1, 1, BlockingMode.of(spec));
            }
        });
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        requireStdio(endpoint);
        return FdStreamChannel.ofPipes(0, 1, BlockingMode.of(spec), vmsplice(spec));
    }

    private static void requireStdio(String endpoint) {
        if (!endpoint.equals(InheritedStdio.ENDPOINT)) {
            throw new TransportException("a pipe comes through stdin and stdout, not '" + endpoint + "'");
        }
    }
}
