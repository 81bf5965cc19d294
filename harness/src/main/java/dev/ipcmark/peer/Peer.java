package dev.ipcmark.peer;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.InheritedStdio;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.Opening;
import dev.ipcmark.transport.PeerHost;
import dev.ipcmark.transport.PeerToken;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.TransportException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running peer JVM as the benchmark process sees it: started with the same classpath, linked through an AF_UNIX
 * socket in the case's private directory (the control link), its stderr kept in a file so a failure can quote its tail.
 * Its stdin and stdout stay free for transports that hand it descriptors that way ({@link InheritedStdio}). A peer on
 * the peer host ({@code network: remote}) is an ssh session instead, whose stdin and stdout are the control link.
 */
public final class Peer implements AutoCloseable {
    /**
     * System property of a fork: a JVM option (an {@code -agentpath}, the flame profiler's) every peer it starts is to
     * load as well.
     */
    public static final String AGENT_PROPERTY = "ipcmark.peerAgent";

    private static final int STDERR_TAIL_BYTES = 2000;
    private static final Frame EOF = new Frame.Failed("the peer closed its control link");

    private static final long ACCEPT_POLL_MS = 5;
    private static final long DYING_GRACE_MS = 300;

    private final Process process;
    // Null for a peer on another machine, whose control link is its ssh session's stdin and stdout.
    private final ServerSocketChannel controlServer;
    private final Path stderr;
    private volatile Closeable control;
    private volatile PeerLink link;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Leftovers.Registration registration;
    private volatile long workerTid = -1;
    // Launched before its endpoint existed: it waits for this frame after its hello.
    private final boolean early;
    private volatile Frame.Assign assignment;

    private Peer(Process process, ServerSocketChannel controlServer, Path stderr, boolean early) {
        this.process = process;
        this.early = early;
        this.controlServer = controlServer;
        // A stopped or stuck peer cannot notice its control link closing: kill it on every exit path of this JVM.
        this.registration = Leftovers.register("peer process " + process.pid(), this::kill);
        this.stderr = stderr;
    }

    /**
     * Starts the {@code index}-th peer for {@code spec} (several for fan-in producers, each with its own control socket
     * and stderr file in {@code dir}) that connects to {@code opening}'s endpoint, under its launcher, pins its working
     * thread to {@code cpu} (none when negative) and, with {@code verify}, checks every message it receives. With the
     * opening's inherited stdio, the peer's stdin and stdout are those descriptors of this process; otherwise they lead
     * nowhere.
     */
    public static Peer launch(CaseSpec spec, Opening opening, int cpu, boolean verify, PrivateDir dir, int index) {
        if (PeerHost.runs(spec)) {
            return remote(spec, opening.endpoint(), verify, dir.resolve("peer" + suffix(index) + ".stderr"));
        }
        return local(
                spec,
                opening.endpoint(),
                Integer.toString(cpu),
                opening.inheritedStdio(),
                opening.peerLauncher(),
                verify,
                dir,
                index);
    }

    /**
     * Starts the {@code index}-th peer for {@code spec} on this machine before its endpoint exists, so that its JVM
     * starts while this process makes the endpoint; {@link #assign} then says where to connect, and
     * {@link #awaitReady} hands that on. Only for an opening without inherited stdio or launcher.
     */
    public static Peer launchEarly(CaseSpec spec, boolean verify, PrivateDir dir, int index) {
        return local(
                spec, PeerMain.FROM_CONTROL, PeerMain.FROM_CONTROL, Optional.empty(), List.of(), verify, dir, index);
    }

    private static Peer local(
            CaseSpec spec,
            String endpoint,
            String cpu,
            Optional<InheritedStdio> stdio,
            List<String> launcher,
            boolean verify,
            PrivateDir dir,
            int index) {
        Path controlPath = dir.resolve("control" + suffix(index) + ".sock");
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(controlPath), 1);
        } catch (IOException e) {
            throw new TransportException("cannot open the control socket " + controlPath + ": " + e.getMessage(), e);
        }
        Path stderr = dir.resolve("peer" + suffix(index) + ".stderr");
        ProcessBuilder builder = PeerCommand.builder(spec, endpoint, stdio, launcher, cpu, verify, controlPath, stderr);
        try {
            return new Peer(builder.start(), server, stderr, endpoint.equals(PeerMain.FROM_CONTROL));
        } catch (IOException e) {
            closeQuietly(server);
            throw new TransportException("cannot start the peer JVM: " + e.getMessage(), e);
        }
    }

    private static String suffix(int index) {
        return index == 0 ? "" : "-" + index;
    }

    /** Where a peer {@linkplain #launchEarly launched early} is to connect, and the CPU it is to pin its thread to. */
    public void assign(String endpoint, int cpu) {
        if (!early) {
            throw new IllegalStateException("peer " + pid() + " was started with its endpoint");
        }
        assignment = new Frame.Assign(cpu, endpoint);
    }

    // A peer on the peer host: ssh runs it there, its first line of input is the peer token.
    private static Peer remote(CaseSpec spec, String endpoint, boolean verify, Path stderr) {
        PeerHost host = PeerHost.current().orElseThrow(() -> new TransportException("no peer host"));
        Process process;
        try {
            process = PeerCommand.remote(spec, endpoint, verify, host, stderr).start();
        } catch (IOException e) {
            throw new TransportException("cannot start ssh to " + host.host() + ": " + e.getMessage(), e);
        }
        Peer peer = new Peer(process, null, stderr, false);
        try {
            OutputStream in = process.getOutputStream();
            in.write((PeerToken.environment().get(PeerToken.ENVIRONMENT) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            peer.close();
            throw new TransportException("cannot reach the peer on " + host.host() + ": " + e.getMessage(), e);
        }
        return peer;
    }

    /** Whether this peer runs on another machine (its PID is then its ssh's here). */
    public boolean remote() {
        return controlServer == null;
    }

    /** Waits for the peer to connect its control link, and starts reading frames from it. */
    private void acceptControl(long deadline, Duration timeout) {
        if (remote()) {
            control = () -> {
                process.getOutputStream().close();
                process.getInputStream().close();
            };
            link = new PeerLink(process.getInputStream(), process.getOutputStream());
            startReading();
            return;
        }
        try {
            controlServer.configureBlocking(false);
            SocketChannel accepted;
            while ((accepted = controlServer.accept()) == null) {
                if (!process.isAlive()) {
                    throw failure("the peer exited before it connected its control link");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failure("the peer did not connect within " + timeout.toMillis() + " ms");
                }
                Thread.sleep(ACCEPT_POLL_MS);
            }
            accepted.configureBlocking(true);
            control = accepted;
            link = new PeerLink(Channels.newInputStream(accepted), Channels.newOutputStream(accepted));
        } catch (IOException e) {
            throw new TransportException("control link failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for the peer");
        } finally {
            // One peer, one connection: the name is not needed any more.
            closeQuietly(controlServer);
        }
        startReading();
    }

    private void startReading() {
        Thread reader = new Thread(this::readFrames, "ipcmark-peer-" + process.pid() + "-link");
        reader.setDaemon(true);
        reader.start();
    }

    private static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }

    private void readFrames() {
        try {
            for (Frame f; (f = link.receive()) != null; ) {
                frames.add(f);
            }
        } catch (IOException | IllegalArgumentException e) {
            frames.add(new Frame.Failed("unreadable control link: " + e.getMessage()));
        }
        frames.add(EOF);
    }

    /** Waits for the peer's hello and ready frames; throws {@link TransportException} saying why it did not come. */
    public void awaitReady(Duration timeout) {
        if (early && assignment == null) {
            throw new IllegalStateException("peer " + pid() + " was launched early and never assigned an endpoint");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        acceptControl(deadline, timeout);
        boolean hello = false;
        while (true) {
            Frame frame;
            try {
                frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("interrupted while waiting for the peer");
            }
            if (frame == null) {
                throw failure("the peer did not report ready within " + timeout.toMillis() + " ms");
            } else if (frame instanceof Frame.Failed f) {
                throw failure(f.reason());
            } else if (!hello && frame instanceof Frame.Hello h && (remote() || h.pid() == process.pid())) {
                hello = true;
                if (early) {
                    send(assignment);
                }
            } else if (hello && frame instanceof Frame.Ready r) {
                workerTid = r.tid();
                return;
            } else {
                throw failure("unexpected control frame " + frame.encode());
            }
        }
    }

    private TransportException failure(String reason) {
        // Give a dying peer a moment, so its exit status and last words make it into the reason.
        try {
            process.waitFor(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new TransportException(reason + "; " + describe());
    }

    /** The peer's PID. */
    public long pid() {
        return process.pid();
    }

    /** The kernel thread id of the peer's working thread (known once it is ready), or -1. */
    public long workerTid() {
        return workerTid;
    }

    /** True while the peer process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Runs {@code action} once the peer process has exited, for whatever reason. */
    public void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Its state and the tail of its stderr, for failure reasons: {@code peer 123 was killed by signal 9 …}. */
    public String describe() {
        String state;
        // A killed peer's sockets close before its exit is reaped: give the kernel a moment to say how it ended,
        // or "still running" would be reported of a peer that was SIGKILLed.
        awaitQuietly(DYING_GRACE_MS);
        if (process.isAlive()) {
            state = "peer " + process.pid() + " is still running";
        } else if (remote()) {
            // ssh's status: the remote command's, or 255 for ssh's own failure; no signal can be read from it.
            state = "the peer's ssh (" + process.pid() + ") exited with status " + process.exitValue()
                    + (process.exitValue() == 255 ? " (ssh failed: see below)" : "");
        } else if (process.exitValue() > 128) {
            int signal = process.exitValue() - 128;
            state = "peer " + process.pid() + " was killed by signal " + signal + (signal == 9 ? " (SIGKILL)" : "");
        } else {
            state = "peer " + process.pid() + " exited with status " + process.exitValue();
        }
        String tail = stderrTail();
        return tail.isBlank() ? state + " (its stderr is empty)" : state + "; its stderr ends with:\n" + tail;
    }

    private void awaitQuietly(long ms) {
        try {
            process.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@value #STDERR_TAIL_BYTES} bytes the peer wrote to stderr. */
    public String stderrTail() {
        try (RandomAccessFile file = new RandomAccessFile(stderr.toFile(), "r")) {
            long start = Math.max(0, file.length() - STDERR_TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the peer to finish its echo loop and exit (it may be blocked until its channel closes). */
    public void requestStop() {
        send(new Frame.Stop());
    }

    /** Sends {@code frame} to the peer, if it is still there (if not, its exit says the rest). */
    void send(Frame frame) {
        PeerLink link = this.link;
        if (link != null && process.isAlive()) {
            try {
                link.send(frame);
            } catch (UncheckedIOException e) {
                // The peer is exiting on its own; awaitExit covers it.
            }
        }
    }

    /** Waits up to {@code grace} for the peer to exit, and kills it if it has not. */
    public void awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            if (!process.isAlive()) {
                registration.forget();
                closeLink();
            }
        }
    }

    /** SIGKILL (which also ends a stopped process), then reap it so no zombie is left. */
    private void kill() {
        try {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the peer if it still runs, and closes the control link. */
    @Override
    public void close() {
        kill();
        awaitExit(Duration.ofSeconds(5));
        closeLink();
    }

    private void closeLink() {
        closeQuietly(controlServer);
        closeQuietly(control);
    }
}
