package dev.ipcmark.peer;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Stamps;
import dev.ipcmark.transport.AreaRounds;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.InheritedStdio;
import dev.ipcmark.transport.Transport;
import dev.ipcmark.transport.TransportKind;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the peer JVM. It connects its control link (an AF_UNIX socket the benchmark process listens on) and
 * the case's endpoint, echoes every message of the case back until told to stop, and exits when the control link
 * reaches end-of-file, so it never outlives the benchmark process. Arguments are a fixed contract; anything else is
 * refused with exit status 2. Its stdout never carries text: it may be a data descriptor ({@link InheritedStdio}).
 */
public final class PeerMain {
    private static final String USAGE = "usage: PeerMain --case CASE_KEY --endpoint ENDPOINT|control"
            + " --control SOCKET_PATH|stdio --cpu CPU|-1|control --verify true|false";
    private static final String ASSIGN_USAGE = "ASSIGN CPU|-1 ENDPOINT";
    private static final int MAX_CPU = 9999;
    // A shutdown that hangs (a stuck hook) must not keep the process alive.
    private static final long EXIT_DEADLINE_MS = 5000;

    // The benchmark process sends STOP and then closes its end; the close may be seen first.
    private static final long STOP_RACE_MS = 500;

    private static final CountDownLatch STOPPING = new CountDownLatch(1);
    private static final CountDownLatch FINISHING = new CountDownLatch(1);
    private static volatile Channel channel;

    private PeerMain() {}

    /** The {@code --control} value of a peer whose control link is its stdin and stdout (a peer started over ssh). */
    static final String STDIO_CONTROL = "stdio";

    /**
     * The {@code --endpoint} and {@code --cpu} value of a peer started before its endpoint existed: both come in the
     * first frame it reads ({@link Frame.Assign}), so its JVM starts while the benchmark process makes the endpoint.
     */
    static final String FROM_CONTROL = "control";

    /**
     * The argument list {@link #main} accepts; {@code endpoint} and {@code cpu} are both {@link #FROM_CONTROL} or
     * neither.
     */
    static List<String> arguments(String caseKey, String endpoint, String control, String cpu, boolean verify) {
        return List.of(
                "--case",
                caseKey,
                "--endpoint",
                endpoint,
                "--control",
                control,
                "--cpu",
                cpu,
                "--verify",
                Boolean.toString(verify));
    }

    /** Runs the peer; see the class description for the argument contract. */
    public static void main(String[] args) {
        if (args.length != 10
                || !args[0].equals("--case")
                || !args[2].equals("--endpoint")
                || !args[4].equals("--control")
                || !args[6].equals("--cpu")
                || !args[8].equals("--verify")
                || !args[9].matches("true|false")
                || !args[7].matches("-1|\\d{1,4}|" + FROM_CONTROL)
                || args[3].equals(FROM_CONTROL) != args[7].equals(FROM_CONTROL)) {
            System.err.println(USAGE);
            System.exit(2);
        }
        CaseSpec spec;
        try {
            spec = CaseSpec.parse(args[1]);
        } catch (IllegalArgumentException e) {
            System.err.println("bad --case: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Stdout may be a data pipe or the control link: nothing printed may land in it.
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        PeerLink link;
        try {
            if (args[5].equals(STDIO_CONTROL)) {
                link = new PeerLink(System.in, stdout);
            } else {
                SocketChannel control = SocketChannel.open(UnixDomainSocketAddress.of(args[5]));
                link = new PeerLink(Channels.newInputStream(control), Channels.newOutputStream(control));
            }
        } catch (IOException e) {
            System.err.println("peer: cannot connect the control link " + args[5] + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        link.send(new Frame.Hello(ProcessHandle.current().pid()));
        String endpoint = args[3];
        int cpu;
        if (endpoint.equals(FROM_CONTROL)) {
            Frame.Assign assigned = awaitAssignment(spec, link);
            endpoint = assigned.endpoint();
            cpu = assigned.cpu();
        } else {
            cpu = Integer.parseInt(args[7]);
        }
        Thread control = new Thread(() -> watch(link), "ipcmark-peer-control");
        control.setDaemon(true);
        control.start();
        int status = run(spec, endpoint, cpu, Boolean.parseBoolean(args[9]), link);
        exit(status);
    }

    /**
     * Loads what the case's transport needs while the benchmark process makes the endpoint, then reads the endpoint
     * and CPU from the control link. A closed link or STOP ends the peer quietly (the fork gave up); anything else
     * than a valid {@link Frame.Assign} ends it with status 2, like a bad argument.
     */
    private static Frame.Assign awaitAssignment(CaseSpec spec, PeerLink link) {
        TransportKind.require(spec.transport()).create();
        ThreadUsage.currentTid();
        Frame frame;
        try {
            frame = link.receive();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("peer: expected " + ASSIGN_USAGE + " on the control link: " + e.getMessage());
            System.exit(2);
            return null;
        }
        if (frame == null || frame instanceof Frame.Stop) {
            System.exit(0);
            return null;
        }
        if (!(frame instanceof Frame.Assign a)
                || a.cpu() < -1
                || a.cpu() > MAX_CPU
                || a.endpoint().isBlank()) {
            System.err.println("peer: expected " + ASSIGN_USAGE + " on the control link, got " + frame.encode());
            System.exit(2);
            return null;
        }
        return a;
    }

    /** A peer role's loop, run until the case ends. */
    @FunctionalInterface
    private interface Loop {
        void run() throws InterruptedException;
    }

    private static int run(CaseSpec spec, String endpoint, int cpu, boolean verify, PeerLink link) {
        try (Arena arena = Arena.ofConfined()) {
            if (cpu >= 0) {
                Affinity.pinCurrentThread(cpu);
            }
            Transport transport = TransportKind.require(spec.transport()).create();
            channel = switch (spec.pattern().peer().facet()) {
                case CHANNEL -> transport.connect(spec, endpoint);
                case MAILBOX -> transport.mailbox().orElseThrow().connect(spec, endpoint);
                case SETUP_CYCLE ->
                    throw new IllegalArgumentException(spec.pattern().id() + " runs without a peer");
            };
            MemorySegment buffer = arena.allocate(spec.messageBytes(), 64);
            link.send(new Frame.Ready(ThreadUsage.currentTid()));
            // A switch expression: a role without its loop here does not compile.
            Channel ch = channel;
            Loop loop =
                    switch (spec.pattern().peer()) {
                        case ECHO -> () -> EchoLoop.run(ch, buffer, verify);
                        case SINK ->
                            () -> SinkLoop.run(
                                    ch,
                                    buffer,
                                    arena.allocate(Long.BYTES, 8),
                                    (int) spec.number(Pattern.BATCH),
                                    verify);
                        case TRANSFER_SINK ->
                            () -> TransferSink.run(
                                    ch,
                                    AreaRounds.of(spec),
                                    buffer,
                                    arena.allocate(Long.BYTES, 8),
                                    arena.allocate(Long.BYTES, 8));
                        case PRODUCER ->
                            () -> {
                                ProduceLoop.run(
                                        ch, buffer, spec.choice(Pattern.STAMPS, Stamps.class), verify, FINISHING);
                                // Exiting now would look like a crash to the receiver, which is still draining.
                                STOPPING.await();
                            };
                        case NONE ->
                            throw new IllegalArgumentException(spec.pattern().id() + " runs without a peer");
                    };
            loop.run();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            if (awaitStop()) {
                return 0;
            }
            String reason = "peer failed: " + e;
            System.err.println(reason);
            e.printStackTrace();
            try {
                link.send(new Frame.Failed(reason));
            } catch (RuntimeException ignored) {
                // The benchmark process is gone; the exit status says the rest.
            }
            return 1;
        } finally {
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }
    }

    private static void watch(PeerLink link) {
        try {
            Frame frame;
            while ((frame = link.receive()) instanceof Frame.Finish) {
                FINISHING.countDown();
            }
            if (frame instanceof Frame.Stop) {
                stop("stopped by the benchmark process");
                return;
            }
            if (frame != null) {
                System.err.println("peer: unexpected control frame " + frame.encode());
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("peer: control link failed: " + e.getMessage());
        }
        // End of file: the benchmark process is gone, so is the reason to live.
        stop("the benchmark process closed the control link");
        exit(0);
    }

    private static boolean awaitStop() {
        try {
            return STOPPING.await(STOP_RACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void stop(String reason) {
        STOPPING.countDown();
        Channel c = channel;
        if (c != null) {
            c.abort(reason);
        }
    }

    private static void exit(int status) {
        Thread deadline = new Thread(
                () -> {
                    try {
                        Thread.sleep(EXIT_DEADLINE_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Runtime.getRuntime().halt(status == 0 ? 3 : status);
                },
                "ipcmark-peer-exit-deadline");
        deadline.setDaemon(true);
        deadline.start();
        System.exit(status);
    }
}
