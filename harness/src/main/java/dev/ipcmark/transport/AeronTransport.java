package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.CpuPlacement;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Aeron IPC: a publication and a subscription each way on {@code aeron:ipc}, whose log buffers are memory-mapped files
 * both processes write and read in place. A media driver (embedded in the measuring process, its one thread backing off
 * to sleep, in a directory under the case's private directory that it deletes on close) links the streams; messages
 * then go without it. What a messaging library built on shared memory costs over ipcmark's own shm ring.
 */
final class AeronTransport implements Transport {
    static final String IPC = "aeron:ipc";
    static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private static final int TO_PEER = 1001;
    private static final int FROM_PEER = 1002;
    private static final String DIRECTORY = "aeron";
    // A publication may run half a term ahead of its subscriber's position as the driver last saw it; the driver's
    // thread sees it only when it runs, which on two busy CPUs can be milliseconds apart. 16 MiB terms keep a round
    // trip of any size from waiting for it (64 KiB terms held 4 KiB messages to a few hundred per millisecond).
    private static final int MIN_TERM = 16 << 20;
    // A message is at most an eighth of a term, and never more than 16 MiB (Aeron's own limits).
    private static final long MAX_MESSAGE = 16L << 20;

    /** How a process waits for the next fragment or for room in the log: Agrona's idle strategies. */
    enum Idle implements Identified {
        BUSY_SPIN("busy-spin"),
        YIELD("yield"),
        BACKOFF("backoff");

        private final String id;

        Idle(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        IdleStrategy strategy() {
            return switch (this) {
                case BUSY_SPIN -> new BusySpinIdleStrategy();
                case YIELD -> new YieldingIdleStrategy();
                // Agrona's defaults: spin 10, yield 5, then park from 1 µs doubling to 1 ms.
                case BACKOFF -> new BackoffIdleStrategy();
            };
        }
    }

    static final Knob IDLE = Knob.choice(
            "idle",
            "how each process waits for a message or for room (Agrona idle strategy): busy-spin, yield, or"
                    + " backoff (spin, yield, then park from 1 µs up to 1 ms)",
            Identified.ids(Idle.class));

    @Override
    public String description() {
        return "Aeron IPC publications (log buffers in shared memory, embedded media driver): a library on top of shm";
    }

    @Override
    public List<Knob> knobs() {
        return List.of(IDLE);
    }

    @Override
    public Support check(CaseSpec spec) {
        if (spec.messageBytes() > MAX_MESSAGE) {
            return Support.no("Aeron's largest message is " + Sizes.human(MAX_MESSAGE) + "; this case sends "
                    + Sizes.human(spec.messageBytes()));
        }
        if (spec.choice(IDLE, Idle.class) != Idle.BACKOFF && CpuPlacement.of(spec) == CpuPlacement.SAME) {
            return Support.no("a process that spins or yields waits for a peer on its own CPU for a whole time slice"
                    + " per message; idle: " + spec.knob(IDLE) + " needs cpus: split (or idle: backoff)");
        }
        return Support.RUNS;
    }

    @Override
    public Optional<String> builtOn() {
        return Optional.of(TransportKind.SHM.id());
    }

    @Override
    public Optional<SetupCycle> setupCycle() {
        return Optional.empty();
    }

    /** A term of at least 16 MiB that holds the message eight times over (the size Aeron needs for it). */
    static int termLength(long messageBytes) {
        long wanted = Math.max(MIN_TERM, Long.highestOneBit(Math.max(1, messageBytes * 8 - 1)) << 1);
        return Math.toIntExact(wanted);
    }

    private static String channel(CaseSpec spec) {
        return IPC + "?term-length=" + termLength(spec.messageBytes());
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        String directory = dir.resolve(DIRECTORY).toString();
        MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .termBufferSparseFile(true)
                // The directory is new, inside the private one: nothing of anyone else's is deleted.
                .dirDeleteOnStart(false)
                .dirDeleteOnShutdown(true)
                .aeronDirectoryName(directory));
        Aeron aeron;
        try {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw new TransportException(
                    "cannot join the Aeron media driver in " + directory + ": " + e.getMessage(), e);
        }
        AeronChannel channel;
        try {
            // The streams exist before the peer comes, so that its own connect finds them.
            channel = AeronChannel.open(
                    aeron,
                    channel(spec),
                    TO_PEER,
                    FROM_PEER,
                    spec.choice(IDLE, Idle.class).strategy(),
                    List.of(aeron, driver));
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(aeron, driver);
            throw e;
        }
        return Pending.at(directory).unlessAccepted(channel::close).listener(channel::connected);
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(endpoint));
        try {
            return AeronChannel.open(
                            aeron,
                            channel(spec),
                            FROM_PEER,
                            TO_PEER,
                            spec.choice(IDLE, Idle.class).strategy(),
                            List.of(aeron))
                    .connected();
        } catch (RuntimeException e) {
            CloseHelper.quietClose(aeron);
            throw e;
        }
    }
}
