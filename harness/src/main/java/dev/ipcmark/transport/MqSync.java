package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Mqueue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The {@code posix-mq} sync of a ring: the textbook alternative when process-shared pthread objects are missing. The
 * data stays in the segment; a one-byte "ready" message goes through a POSIX queue per published chunk and an "ok"
 * back through another per consumed one, each queue a semaphore of tokens ({@code mq_timedreceive} in slices, so an
 * abort is noticed). The listener makes the queues; their names live in the ring's sync areas:
 *
 * <pre>
 *   published's sync area: name of the "ready" queue, NUL-terminated (at most 63 bytes)
 *   consumed's sync area:  name of the "ok" queue, NUL-terminated
 * </pre>
 *
 * A name read from the segment is opened only if it is one ipcmark makes and names the segment's owner as its creator.
 */
final class MqSync extends RingSync {
    private static final Pattern NAME = Pattern.compile("/ipcmark-(\\d{1,10})-[0-9a-f]{16}-(ready|ok)");
    private static final Path MSG_MAX = Path.of("/proc/sys/fs/mqueue/msg_max");

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment token = arena.allocate(1);
    private final MemorySegment deadline = Mqueue.deadlineBuffer(arena);
    private final int ready;
    private final int ok;

    MqSync(MemorySegment segment, int ring, AbortReason abortReason) {
        super(segment, ring, abortReason);
        long owner = Integer.toUnsignedLong(segment.get(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET));
        this.ready = Mqueue.open(checked(name(segment, publishedAt), owner));
        try {
            this.ok = Mqueue.open(checked(name(segment, consumedAt), owner));
        } catch (RuntimeException e) {
            Mqueue.close(ready);
            throw e;
        }
    }

    private static String name(MemorySegment segment, long counterAt) {
        return SyncStrategy.syncArea(segment, counterAt).getString(0, StandardCharsets.US_ASCII);
    }

    private static String checked(String name, long owner) {
        var m = NAME.matcher(name);
        if (!m.matches() || Long.parseLong(m.group(1)) != owner) {
            throw new TransportException("the segment names the queue '" + name + "', which is not one ipcmark made"
                    + " for the segment's owner (PID " + owner + ")");
        }
        return name;
    }

    /**
     * Makes ring {@code ring}'s queues, room for {@code slots} tokens each, {@code freeSlots} "ok" tokens to start
     * with; returns what closes and removes them.
     */
    static Runnable initialize(MemorySegment segment, int ring, int freeSlots, int slots) {
        String base = "/" + Leftovers.newName();
        Runnable ready = create(segment, ShmLayout.publishedOffset(ring), base + "-ready", slots, 0);
        try {
            Runnable ok = create(segment, ShmLayout.consumedOffset(ring), base + "-ok", slots, freeSlots);
            return () -> {
                ready.run();
                ok.run();
            };
        } catch (RuntimeException e) {
            ready.run();
            throw e;
        }
    }

    private static Runnable create(MemorySegment segment, long counterAt, String name, int slots, int tokens) {
        int mq = Mqueue.create(name, Math.max(1, slots), 1);
        Leftovers.Registration registration = Leftovers.register("POSIX queue " + name, () -> Mqueue.unlink(name));
        try (Arena local = Arena.ofConfined()) {
            MemorySegment one = local.allocate(1);
            for (int i = 0; i < tokens; i++) {
                Mqueue.send(mq, one, 0, MemorySegment.NULL, 0);
            }
            MemorySegment area = SyncStrategy.syncArea(segment, counterAt);
            area.fill((byte) 0);
            area.setString(0, name, StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            Mqueue.close(mq);
            registration.release();
            throw e;
        }
        return () -> {
            Mqueue.close(mq);
            registration.release();
        };
    }

    /** Whether a queue here can hold a token per slot of a ring of {@code slots}, and if not, why. */
    static Support check(int slots) {
        long max = KernelFiles.read(MSG_MAX)
                .map(String::strip)
                .filter(s -> s.matches("\\d{1,9}"))
                .map(Long::parseLong)
                .orElse(10L);
        if (slots > max) {
            return Support.no("the posix-mq sync keeps a token per ring slot in a queue, and this machine's queues hold"
                    + " at most " + max + " messages (" + MSG_MAX + "); use a capacity of at most " + max
                    + " or raise fs.mqueue.msg_max");
        }
        return Support.RUNS;
    }

    @Override
    void awaitData(long received) {
        take(ready);
    }

    @Override
    void signalData() {
        give(ready);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        take(ok);
    }

    @Override
    void signalRoom() {
        give(ok);
    }

    private void take(int mq) {
        while (Mqueue.receive(mq, token, deadline, WAIT_SLICE_MS) < 0) {
            checkAbort();
        }
    }

    private void give(int mq) {
        while (!Mqueue.send(mq, token, 0, deadline, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void close() {
        Mqueue.close(ready);
        Mqueue.close(ok);
    }
}
