package dev.ipcmark.bench;

import dev.ipcmark.nativeio.Errno;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Poll;
import dev.ipcmark.nativeio.Sockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The machine-wide lock ipcmark holds while it measures: two runs at once would distort each other's numbers (and
 * JMH's own lock file would fail every case of the second). It is an AF_UNIX socket bound to an abstract name
 * ({@value #NAME}): nothing in the file system to plant or swap, and the kernel frees it with the holder's last
 * descriptor, so a killed run never leaves it taken. Whoever finds it taken connects to it; the kernel says who holds
 * it ({@code SO_PEERCRED}: PID and user, which cannot be forged) and the holder says which run it is measuring.
 *
 * <p>Abstract names belong to a network namespace: runs in different network namespaces (containers) do not see
 * each other's lock.
 */
public final class MeasuringLock implements AutoCloseable {
    /** The abstract socket name. */
    static final String NAME = "dev.ipcmark.measuring";

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int ANSWER_MAX_BYTES = 256;
    private static final int ANSWER_WAIT_MS = 1000;

    private final int fd;
    private final Thread answering;
    private volatile String label;
    private volatile boolean closed;

    private MeasuringLock(int fd, String label) {
        this.fd = fd;
        this.label = label;
        answering = new Thread(this::answer, "ipcmark-measuring-lock");
        answering.setDaemon(true);
        answering.start();
    }

    /**
     * Who holds the lock.
     *
     * @param pid the holder's PID, from the kernel
     * @param uid the holder's user, from the kernel
     * @param label what the holder says it is measuring (a run id), checked against the run-id grammar; "unknown"
     *     when it said nothing usable
     */
    public record Holder(long pid, long uid, String label) {
        /** {@code run 20261129-210000-quick (pid 1234, user root)}. */
        @Override
        public String toString() {
            return "run " + label + " (pid " + pid + ", user " + userName(uid) + ")";
        }
    }

    /** The lock if it is free now, else who holds it. */
    public static Acquisition tryAcquire(String label) {
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        try {
            Sockets.bindAbstract(fd, NAME);
            Sockets.listen(fd, 8);
            return new Acquisition(Optional.of(new MeasuringLock(fd, label)), Optional.empty());
        } catch (NativeException e) {
            Fd.close(fd);
            if (e.errno() != Errno.EADDRINUSE) {
                throw e;
            }
            return new Acquisition(Optional.empty(), holder());
        }
    }

    /**
     * The outcome of {@link #tryAcquire}: the lock, or (when another process has it) who holds it, which may be empty
     * if it let go in between.
     *
     * @param lock the lock, when it was free
     * @param holder who holds it, when it was not
     */
    public record Acquisition(Optional<MeasuringLock> lock, Optional<Holder> holder) {}

    /**
     * Takes the lock, waiting as long as it takes; {@code waiting} hears of each new holder once. With {@code noWait},
     * throws {@link HeldException} instead of waiting.
     */
    public static MeasuringLock acquire(String label, boolean noWait, Consumer<Holder> waiting) {
        Holder last = null;
        while (true) {
            Acquisition a = tryAcquire(label);
            if (a.lock().isPresent()) {
                return a.lock().get();
            }
            Optional<Holder> holder = a.holder();
            if (holder.isPresent()) {
                if (noWait) {
                    throw new HeldException(holder.get());
                }
                if (!holder.get().equals(last)) {
                    waiting.accept(holder.get());
                    last = holder.get();
                }
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the measuring lock", e);
            }
        }
    }

    /** Another run holds the lock and the caller would not wait. */
    public static final class HeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Holder holder;

        HeldException(Holder holder) {
            super("another ipcmark run is measuring on this machine: " + holder);
            this.holder = holder;
        }

        /** Who holds the lock. */
        public Holder holder() {
            return holder;
        }
    }

    /** From now on, tells whoever asks that the lock is held for {@code runId}. */
    public void describing(String runId) {
        label = runId;
    }

    private void answer() {
        while (!closed) {
            int connection;
            try {
                connection = Sockets.accept(fd);
            } catch (RuntimeException e) {
                return; // closed
            }
            try (Arena arena = Arena.ofConfined()) {
                byte[] text = (ProcessHandle.current().pid() + " " + label + "\n").getBytes(StandardCharsets.UTF_8);
                MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, text);
                Fd.write(connection, out, 0, text.length);
            } catch (RuntimeException e) {
                // The asker went away; nothing to tell.
            } finally {
                Fd.close(connection);
            }
        }
    }

    private static Optional<Holder> holder() {
        int fd = Sockets.open(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        try (Arena arena = Arena.ofConfined()) {
            Sockets.connectAbstract(fd, NAME);
            long[] credentials = Sockets.peerCredentials(fd);
            String label = "unknown";
            if (new Poll().await(fd, Poll.POLLIN, ANSWER_WAIT_MS)) {
                MemorySegment buffer = arena.allocate(ANSWER_MAX_BYTES);
                long n = Fd.read(fd, buffer, 0, ANSWER_MAX_BYTES);
                String[] words = n > 0
                        ? new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8)
                                .strip()
                                .split(" ", 2)
                        : new String[0];
                // What the holder says is only believed where it is checkable: its PID must match the kernel's.
                if (words.length == 2
                        && words[0].equals(Long.toString(credentials[0]))
                        && words[1].matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
                    label = words[1];
                }
            }
            return Optional.of(new Holder(credentials[0], credentials[1], label));
        } catch (NativeException e) {
            // It let go between our bind and our connect: try again.
            return Optional.empty();
        } finally {
            Fd.close(fd);
        }
    }

    private static String userName(long uid) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.map(l -> l.split(":"))
                    .filter(f -> f.length > 2 && f[2].equals(Long.toString(uid)))
                    .map(f -> f[0])
                    .findFirst()
                    .orElse("uid " + uid);
        } catch (IOException | RuntimeException e) {
            return "uid " + uid;
        }
    }

    /** Lets go of the lock. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            // shutdown wakes the thread blocked in accept (it returns EINVAL); the descriptor is closed only once that
            // thread is gone, so it can never accept on a number reused by something else. The name goes with it.
            Sockets.shutdown(fd);
            try {
                answering.join(ANSWER_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Fd.close(fd);
        }
    }
}
