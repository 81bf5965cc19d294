package dev.ipcmark.peer;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.Listener;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.TransportException;
import dev.ipcmark.transport.TransportKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark process's side of one case: the transport's kernel objects, the peer process connected to them, and
 * the open channel. Opening it launches and hands off to the peer; closing it stops the peer and removes everything.
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
    private final Listener listener;
    private final Peer peer;
    private final Channel channel;
    private final int cpu;
    private final int peerCpu;
    // Written by the measuring thread only (opaque: a plain store on x86), read by the watchdog.
    private long completed;
    private volatile Thread watchdog;

    private PeerSession(PrivateDir dir, Listener listener, Peer peer, Channel channel, int cpu, int peerCpu) {
        this.dir = dir;
        this.listener = listener;
        this.peer = peer;
        this.channel = channel;
        this.cpu = cpu;
        this.peerCpu = peerCpu;
    }

    /**
     * Sets up {@code spec}: creates the transport's objects, starts the peer (pinned to the second allowed CPU when
     * there are at least two) and waits until it is connected. With {@code verify} the peer checks every message.
     */
    public static PeerSession open(CaseSpec spec, boolean verify) {
        List<Integer> cpus = Affinity.allowedCpus();
        int cpu = cpus.size() >= 2 ? cpus.get(0) : -1;
        int peerCpu = cpus.size() >= 2 ? cpus.get(1) : -1;
        PrivateDir dir = PrivateDir.create();
        Listener listener = null;
        Peer peer = null;
        try {
            listener = TransportKind.require(spec.transport()).create().listen(spec, dir);
            peer = Peer.launch(spec, listener.endpoint(), listener.inheritedStdio(), peerCpu, verify, dir);
            peer.awaitReady(READY_TIMEOUT);
            Channel channel = listener.accept();
            Peer launched = peer;
            // A peer that dies must not leave this process waiting on the channel for ever.
            peer.onExit(() -> channel.abort("the peer went away during the case; " + launched.describe()));
            return new PeerSession(dir, listener, peer, channel, cpu, peerCpu);
        } catch (RuntimeException e) {
            if (peer != null) {
                peer.close();
            }
            if (listener != null) {
                listener.close();
            }
            dir.close();
            throw e;
        }
    }

    /** The open channel to the peer. */
    public Channel channel() {
        return channel;
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
                            channel.abort("no operation completed for " + stall.toMillis()
                                    + " ms; the peer looks hung; " + peer.describe());
                            // A read blocked in the kernel returns only when the other end goes: end the peer.
                            peer.close();
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

    /** The peer's PID. */
    public long peerPid() {
        return peer.pid();
    }

    /** The peer's working thread's usage so far, or empty when it cannot be read (the peer is gone). */
    public Optional<ThreadUsage> peerUsage() {
        return ThreadUsage.of(peer.pid(), peer.workerTid());
    }

    /**
     * A failure reason for {@code failure} that a user can act on: what went wrong here plus, when the peer is gone or
     * failed, its exit status and the tail of its stderr.
     */
    public String explain(Throwable failure) {
        String message = failure instanceof TransportException ? failure.getMessage() : failure.toString();
        // Aborts from the exit hook and the watchdog already carry the peer's state.
        return message.contains("peer " + peer.pid() + " ") ? message : message + "; " + peer.describe();
    }

    /** Stops the peer (killing it if it does not stop in time) and removes every kernel object of the case. */
    @Override
    public void close() {
        Thread t = watchdog;
        if (t != null) {
            t.interrupt();
        }
        // Stop first, then close this end: a peer blocked in a kernel read wakes on the close and sees the stop.
        peer.requestStop();
        try {
            channel.close();
            listener.close();
        } finally {
            try {
                peer.awaitExit(STOP_GRACE);
            } finally {
                dir.close();
            }
        }
    }
}
