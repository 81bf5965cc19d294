package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.util.List;

/**
 * The set-up cycle of a transport whose channel is made and connected rather than mapped (pipes, FIFOs, queues,
 * sockets, shared files): {@code create} (the listener's kernel objects: pipe2, mkfifo and opens, mq_open, msgget,
 * socket + bind + listen …), {@code connect} (the peer's side: open, connect), {@code accept} (the listener completes
 * the channel and drops the names) and {@code close} (both ends, and every object removed). Both sides run in the
 * measuring process, as for shared memory: the kernel work is the same as across processes, without a wake-up of
 * another process in the middle. A channel the peer inherits (an anonymous pipe) has no connect step; its accept
 * closes this process's copies of the peer's ends.
 */
final class ConnectCycle implements SetupCycle {
    private final Transport transport;

    ConnectCycle(Transport transport) {
        this.transport = transport;
    }

    @Override
    public Support check(CaseSpec spec) {
        return transport.check(spec);
    }

    @Override
    public List<String> steps(CaseSpec spec) {
        return inherited() ? List.of("create", "accept", "close") : List.of("create", "connect", "accept", "close");
    }

    private boolean inherited() {
        return transport instanceof PipeTransport;
    }

    @Override
    public void run(CaseSpec spec, PrivateDir dir, Lap lap) {
        Listener listener = transport.listen(spec, dir);
        Channel peer = null;
        Channel own = null;
        try {
            lap.step("create");
            if (!inherited()) {
                peer = transport.connect(spec, listener.endpoint());
                lap.step("connect");
            }
            own = listener.accept();
            lap.step("accept");
        } finally {
            try {
                closeAll(peer, own);
            } finally {
                listener.close();
            }
        }
        lap.step("close");
    }

    private static void closeAll(Channel... channels) {
        for (Channel c : channels) {
            if (c != null) {
                c.close();
            }
        }
    }
}
