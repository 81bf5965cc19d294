package dev.ipcmark.peer;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.CpuPlacement;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.CpuPlan;
import dev.ipcmark.transport.Inbox;
import dev.ipcmark.transport.Opening;
import dev.ipcmark.transport.PeerHost;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.Transport;
import dev.ipcmark.transport.TransportException;
import dev.ipcmark.transport.TransportKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark process's side of one case: the transport's kernel objects, the peer process connected to them (or
 * for fan-in, the producer processes), and the open channel or inbox. Opening it launches and hands off to the peers;
 * closing it stops them and removes everything.
 */
public final class PeerSession implements AutoCloseable {
    /** How long a peer may take to start its JVM and connect. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("ipcmark.peerReadyTimeoutS", 30));

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final VarHandle COMPLETED;

    static {
        try {
            COMPLETED = MethodHandles.lookup().findVarHandle(PeerSession.class, "completed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PrivateDir dir;
    private final Opening opening;
    private final List<Peer> peers;
    private final Inbox inbox;
    private final int cpu;
    private final int peerCpu;
    // Written by the measuring thread only (opaque: a plain store on x86), read by the watchdog.
    private long completed;
    private volatile Thread watchdog;

    private PeerSession(PrivateDir dir, Opening opening, List<Peer> peers, Inbox inbox, int cpu, int peerCpu) {
        this.dir = dir;
        this.opening = opening;
        this.peers = List.copyOf(peers);
        this.inbox = inbox;
        this.cpu = cpu;
        this.peerCpu = peerCpu;
    }

    /**
     * Sets up {@code spec}: starts the peer, creates the transport's objects (the other way round when the transport's
     * {@linkplain Transport#peerStartsWithEndpoint peer starts with them}) and waits until the peer is connected, both
     * pinned as its {@link CpuPlan} says (split: the first two allowed CPUs; same: the first for both; free: neither;
     * smt-siblings, numa-remote, A+B: the pair found or named). For fan-in, starts {@code producers} peers against the
     * transport's mailbox instead: with split round-robin over the allowed CPUs other than the measuring thread's,
     * otherwise all on the peer's CPU. With {@code verify} the peers check (or make checkable) every message.
     */
    public static PeerSession open(CaseSpec spec, boolean verify) {
        Transport transport = TransportKind.require(spec.transport()).create();
        int count = spec.pattern().peers(spec);
        boolean early = !PeerHost.runs(spec) && !transport.peerStartsWithEndpoint(spec);
        PrivateDir dir = PrivateDir.create();
        Opening opening = null;
        List<Peer> peers = new ArrayList<>();
        try {
            if (early) {
                // First of all: a JVM's start is the longest step here, and needs nothing this process makes next.
                for (int i = 0; i < count; i++) {
                    peers.add(Peer.launchEarly(spec, verify, dir, i));
                }
            }
            List<Integer> cpus = Affinity.allowedCpus();
            CpuPlacement placement = CpuPlacement.of(spec);
            CpuPlan plan = CpuPlan.of(spec);
            opening = opening(transport, spec, dir, count);
            if (early
                    && (opening.inheritedStdio().isPresent()
                            || !opening.peerLauncher().isEmpty())) {
                throw new IllegalStateException(spec.transport() + "'s opening hands its peer descriptors or a"
                        + " launcher, but the transport does not say peerStartsWithEndpoint");
            }
            for (int i = 0; i < count; i++) {
                // split spreads producers over the other allowed CPUs; every other placement puts them on the peer's.
                int pin = placement == CpuPlacement.SPLIT && cpus.size() >= 2
                        ? cpus.get(1 + i % (cpus.size() - 1))
                        : plan.peer();
                if (early) {
                    peers.get(i).assign(opening.endpoint(), pin);
                } else {
                    peers.add(Peer.launch(spec, opening, pin, verify, dir, i));
                }
            }
            for (Peer peer : peers) {
                peer.awaitReady(READY_TIMEOUT);
            }
            Inbox inbox = opening.accept();
            for (Peer peer : peers) {
                // A peer that dies must not leave this process waiting on the channel for ever.
                peer.onExit(() -> inbox.abort("the peer went away during the case; " + peer.describe()));
            }
            return new PeerSession(dir, opening, peers, inbox, plan.measuring(), plan.peer());
        } catch (RuntimeException e) {
            peers.forEach(Peer::close);
            if (opening != null) {
                opening.close();
            }
            dir.close();
            throw e;
        }
    }

    private static Opening opening(Transport transport, CaseSpec spec, PrivateDir dir, int producers) {
        return switch (spec.pattern().peer().facet()) {
            case CHANNEL -> transport.listen(spec, dir);
            case MAILBOX -> transport.mailbox().orElseThrow().listen(spec, dir, producers);
            case SETUP_CYCLE ->
                throw new IllegalArgumentException(spec.pattern().id() + " runs without a peer");
        };
    }

    /** The open channel to the peer; fan-in sessions have none, only an {@link #inbox}. */
    public Channel channel() {
        if (inbox instanceof Channel c) {
            return c;
        }
        throw new IllegalStateException("a fan-in session has an inbox, not a channel");
    }

    /** What this process receives from: its end of the channel, or the fan-in mailbox's receiving end. */
    public Inbox inbox() {
        return inbox;
    }

    /** The peers' PIDs, in launch order. */
    public List<Long> peerPids() {
        return peers.stream().map(Peer::pid).toList();
    }

    /** Asks every fan-in producer to send its final message ({@link Frame.Finish}). */
    public void finishProducers() {
        peers.forEach(p -> p.send(new Frame.Finish()));
    }

    /** Pins the calling thread to this side's CPU, if there is one; call it from the thread that measures. */
    public void pinCaller() {
        if (cpu >= 0) {
            Affinity.pinCurrentThread(cpu);
        }
    }

    /** Counts one completed operation; the {@linkplain #watch stall watchdog} looks for these. */
    public void completed() {
        COMPLETED.setOpaque(this, completed + 1);
    }

    /**
     * Aborts the channel when no operation has {@linkplain #completed completed} for {@code stall}: a peer that hangs
     * (stopped, deadlocked, swapped out) fails the case with its state instead of blocking the suite. JMH's own
     * timeout cannot do this: it does not interrupt a thread that spins or blocks in a read.
     */
    public void watch(Duration stall) {
        Thread t = new Thread(
                () -> {
                    long seen = -1;
                    long since = System.nanoTime();
                    while (!Thread.currentThread().isInterrupted()) {
                        long now = (long) COMPLETED.getOpaque(this);
                        if (now != seen) {
                            seen = now;
                            since = System.nanoTime();
                        } else if (System.nanoTime() - since > stall.toNanos()) {
                            inbox.abort("no operation completed for " + stall.toMillis() + " ms; the peer looks"
                                    + " hung; "
                                    + String.join(
                                            "; ",
                                            peers.stream().map(Peer::describe).toList()));
                            // A read blocked in the kernel returns only when the other end goes: end the peers.
                            peers.forEach(Peer::close);
                            return;
                        }
                        try {
                            Thread.sleep(Math.max(10, stall.toMillis() / 20));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "ipcmark-stall-watchdog");
        t.setDaemon(true);
        watchdog = t;
        t.start();
    }

    /** The CPU the measuring thread is pinned to, or -1. */
    public int cpu() {
        return cpu;
    }

    /** The CPU the peer's echo thread is pinned to, or -1. */
    public int peerCpu() {
        return peerCpu;
    }

    /** The peer's PID (the first producer's, for fan-in). */
    public long peerPid() {
        return peers.getFirst().pid();
    }

    /**
     * The peers' working threads' usage so far, summed, or empty when one of them cannot be read (a peer is gone).
     */
    public Optional<ThreadUsage> peerUsage() {
        if (peers.stream().anyMatch(Peer::remote)) {
            // Its threads are on another machine, out of this one's /proc.
            return Optional.empty();
        }
        ThreadUsage sum = ThreadUsage.ZERO;
        for (Peer peer : peers) {
            Optional<ThreadUsage> usage = ThreadUsage.of(peer.pid(), peer.workerTid());
            if (usage.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.plus(usage.get());
        }
        return Optional.of(sum);
    }

    /**
     * A failure reason for {@code failure} that a user can act on: what went wrong here plus, for each peer that is
     * gone or failed, its exit status and the tail of its stderr.
     */
    public String explain(Throwable failure) {
        String message = failure instanceof TransportException ? failure.getMessage() : failure.toString();
        StringBuilder reason = new StringBuilder(message);
        for (Peer peer : peers) {
            // Aborts from the exit hook and the watchdog already carry the peer's state.
            if (!message.contains("peer " + peer.pid() + " ") && (peers.size() == 1 || !peer.isAlive())) {
                reason.append("; ").append(peer.describe());
            }
        }
        return reason.toString();
    }

    /** Stops the peer (killing it if it does not stop in time) and removes every kernel object of the case. */
    @Override
    public void close() {
        Thread t = watchdog;
        if (t != null) {
            t.interrupt();
        }
        // Stop first, then close this end: a peer blocked in a kernel read wakes on the close and sees the stop.
        peers.forEach(Peer::requestStop);
        try {
            inbox.close();
            opening.close();
        } finally {
            try {
                peers.forEach(p -> p.awaitExit(STOP_GRACE));
            } finally {
                dir.close();
            }
        }
    }
}
