package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Memfd;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import java.util.List;
import java.util.Optional;

/**
 * Mapping by handing over a descriptor: each message or payload is a new memory file ({@code memfd_create}), sealed
 * and passed with {@code SCM_RIGHTS} over an AF_UNIX stream socket in the listener's private directory (see
 * {@link MemfdChannel}). Today's way for unrelated processes to map instead of copy: nothing is named anywhere, and
 * the file is gone when the last descriptor and mapping of it are.
 */
final class MemfdTransport implements Transport {
    private static final String SOCKET_FILE = "memfd.sock";

    @Override
    public String description() {
        return "a sealed memfd per message, handed over with SCM_RIGHTS on a unix socket (map instead of copy)";
    }

    @Override
    public List<Knob> knobs() {
        return List.of(BlockingMode.knob());
    }

    @Override
    public int copies(CaseSpec spec) {
        return ShmKnobs.copies(spec);
    }

    @Override
    public TransferSetup transferSetup(CaseSpec spec) {
        return new TransferSetup.EveryTransfer("a new memory file", "handing over a fresh memfd");
    }

    @Override
    public List<Knob> knobs(Pattern pattern) {
        return pattern == Pattern.TRANSFER ? List.of(ShmKnobs.PLACEMENT) : List.of();
    }

    @Override
    public Support check(CaseSpec spec) {
        try {
            Fd.close(Memfd.create());
        } catch (RuntimeException e) {
            return Support.no("memfd_create is refused here: " + e.getMessage());
        }
        return Support.RUNS;
    }

    @Override
    public Optional<SetupCycle> setupCycle() {
        return Optional.of(new MemfdSetupCycle());
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        BlockingMode mode = BlockingMode.of(spec);
        return SocketListener.unix(
                Sockets.SOCK_STREAM, dir.resolve(SOCKET_FILE), fd -> {}, fd -> new MemfdChannel(fd, mode));
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        try {
            Sockets.connectUnix(fd, endpoint);
            return new MemfdChannel(fd, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw new TransportException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
