package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Futex;
import dev.ipcmark.nativeio.Semaphore;
import dev.ipcmark.scenario.Identified;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * How the two processes of a shared segment wait for each other: the {@value #KNOB} knob. Composed into the shm
 * channel per ring ({@link RingSync}), never a channel subclass per strategy.
 */
enum SyncStrategy implements Identified {
    /** Busy-wait on the counters: the lowest latency, one core per waiting process. */
    SPIN("spin") {
        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new Spin(segment, ring, abortReason, false);
        }
    },
    /** Busy-wait for a while, then {@code sched_yield} between looks: gives the core away under contention. */
    SPIN_THEN_YIELD("spin-then-yield") {
        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new Spin(segment, ring, abortReason, true);
        }
    },
    /** Sleep in {@code futex(FUTEX_WAIT)} on the counter; the other side wakes it only when it sleeps. */
    FUTEX("futex") {
        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new FutexSync(segment, ring, abortReason);
        }
    },
    /** A process-shared POSIX semaphore per counter, in the segment: "filled" and "free", the bounded-buffer classic. */
    SEMAPHORE("semaphore") {
        @Override
        Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
            Semaphore.init(syncArea(segment, ShmLayout.publishedOffset(ring)), 0);
            Semaphore.init(syncArea(segment, ShmLayout.consumedOffset(ring)), freeSlots);
            return NOTHING;
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new SemaphoreSync(segment, ring, abortReason);
        }
    },
    /**
     * A process-shared pthread mutex and condition variable per ring, in the segment: the classic "struct with data and
     * a mutex" in shared memory.
     */
    PTHREAD_MUTEX("pthread-mutex") {
        @Override
        Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
            MutexSync.initialize(segment, ring);
            return NOTHING;
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new MutexSync(segment, ring, abortReason);
        }
    },
    /**
     * A System V semaphore set per ring, "filled" and "free" as with {@code semaphore}, but kernel objects reached by
     * id ({@code semtimedop}). Without {@code SEM_UNDO}: the kernel keeps a process's undo adjustment within ±32,767
     * per semaphore, and a semaphore that signals moves it one way per message, so semop fails with ERANGE after
     * 32,768 messages (SEM_UNDO suits lock and unlock pairs, not signalling).
     */
    SYSV_SEM("sysv-sem") {
        @Override
        Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
            return SysvSemSync.initialize(syncArea(segment, ShmLayout.publishedOffset(ring)), freeSlots);
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new SysvSemSync(segment, ring, abortReason, syncArea(segment, ShmLayout.publishedOffset(ring)));
        }
    },
    /**
     * Two eventfds per ring used as semaphores, "filled" and "free": the listener makes them, the peer takes copies with
     * {@code pidfd_getfd}.
     */
    EVENTFD("eventfd") {
        @Override
        Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
            return EventfdSync.initialize(segment, ring, freeSlots);
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new EventfdSync(segment, ring, abortReason);
        }

        @Override
        Support check() {
            return EventfdSync.check();
        }
    },
    /**
     * A byte through a pipe per published chunk ({@code read(2)} sleeps until it comes); waiting for room, which
     * ping-pong never does, spins.
     */
    DOORBELL("doorbell") {
        @Override
        boolean needsDoorbell() {
            return true;
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new DoorbellSync(segment, ring, abortReason, bell);
        }
    };

    /** The knob's name. */
    static final String KNOB = "sync";

    // Slices that sleeping waits take so that an abort is noticed.
    private static final long WAIT_SLICE_MS = 100;
    // Spins before spin-then-yield starts yielding: a few microseconds, longer than a wake-up on an idle core.
    private static final int SPINS_BEFORE_YIELD = 2000;

    private final String id;

    SyncStrategy(String id) {
        this.id = id;
    }

    /** The external id. */
    @Override
    public String id() {
        return id;
    }

    /** Every id, in declaration order. */
    static List<String> ids() {
        return Identified.ids(SyncStrategy.class);
    }

    /**
     * Prepares ring {@code ring}'s sync areas in a new segment, with {@code freeSlots} room to start with; returns what
     * removes the kernel objects it made (run when the case ends).
     */
    Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
        return NOTHING;
    }

    private static final Runnable NOTHING = () -> {};

    /** Whether the strategy can work on this machine, and if not, why; it can unless it says otherwise. */
    Support check() {
        return Support.RUNS;
    }

    /** Whether the strategy needs a {@link Doorbell} (a pipe per direction). */
    boolean needsDoorbell() {
        return false;
    }

    /** This process's sync for ring {@code ring}. */
    abstract RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell);

    /**
     * A pipe per direction for ringing the other process: this process writes a byte to {@code writeFd} after it
     * publishes and reads one from {@code readFd} per chunk it waits for.
     *
     * @param readFd where the other process's rings arrive
     * @param writeFd where this process rings the other
     */
    record Doorbell(int readFd, int writeFd) {
        /** No doorbell. */
        static final Doorbell NONE = new Doorbell(-1, -1);
    }

    /** The sync area of the counter at {@code counterAt}. */
    static MemorySegment syncArea(MemorySegment segment, long counterAt) {
        return segment.asSlice(counterAt + ShmLayout.SYNC_AREA_DISTANCE, ShmLayout.SYNC_AREA_DISTANCE);
    }

    private static final class Spin extends RingSync {
        private final boolean yield;
        private long consumedSeen;

        Spin(MemorySegment segment, int ring, AbortReason abortReason, boolean yield) {
            super(segment, ring, abortReason);
            this.yield = yield;
        }

        @Override
        void awaitData(long received) {
            for (int spins = 0; published() <= received; spins++) {
                idle(spins);
            }
        }

        @Override
        void signalData() {}

        @Override
        void awaitRoom(long sent, int slots) {
            // Re-read the consumer's counter only when the last value seen says the ring is full.
            for (int spins = 0; sent - consumedSeen >= slots && sent - (consumedSeen = consumed()) >= slots; spins++) {
                idle(spins);
            }
        }

        @Override
        void signalRoom() {}

        private void idle(int spins) {
            if (yield && spins >= SPINS_BEFORE_YIELD) {
                checkAbort();
                Thread.yield();
            } else {
                spin(spins);
            }
        }
    }

    /**
     * Sleeps on the low 32 bits of a counter. A sleeper first counts itself in the counter's sync area, then re-reads
     * the counter, then sleeps only if the word still holds what it read (the kernel checks that atomically); a waker
     * moves the counter, fences, and calls into the kernel only when someone is counted. Either the sleeper sees the new
     * value or the waker sees the sleeper: no wake-up is lost, and an uncontended signal costs no system call.
     */
    private static final class FutexSync extends RingSync {
        private static final VarHandle SLEEPERS = ValueLayout.JAVA_INT.varHandle();
        private final Futex futex = new Futex();

        FutexSync(MemorySegment segment, int ring, AbortReason abortReason) {
            super(segment, ring, abortReason);
        }

        @Override
        void awaitData(long received) {
            long now;
            while ((now = published()) <= received) {
                sleep(publishedAt, now);
            }
        }

        @Override
        void signalData() {
            wake(publishedAt);
        }

        @Override
        void awaitRoom(long sent, int slots) {
            long now;
            while (sent - (now = consumed()) >= slots) {
                sleep(consumedAt, now);
            }
        }

        @Override
        void signalRoom() {
            wake(consumedAt);
        }

        private void sleep(long counterAt, long seen) {
            checkAbort();
            long sleepersAt = counterAt + ShmLayout.SYNC_AREA_DISTANCE;
            SLEEPERS.getAndAdd(segment, sleepersAt, 1);
            try {
                if ((long) COUNTER.getVolatile(segment, counterAt) == seen) {
                    // Little-endian: the counter's first four bytes are its low word.
                    futex.await(segment.asSlice(counterAt, 4), (int) seen, WAIT_SLICE_MS);
                }
            } finally {
                SLEEPERS.getAndAdd(segment, sleepersAt, -1);
            }
        }

        private void wake(long counterAt) {
            VarHandle.fullFence();
            if ((int) SLEEPERS.getVolatile(segment, counterAt + ShmLayout.SYNC_AREA_DISTANCE) > 0) {
                Futex.wake(segment.asSlice(counterAt, 4), 1);
            }
        }
    }

    private static final class SemaphoreSync extends RingSync {
        private final Semaphore semaphore = new Semaphore();
        private final MemorySegment filled;
        private final MemorySegment free;

        SemaphoreSync(MemorySegment segment, int ring, AbortReason abortReason) {
            super(segment, ring, abortReason);
            this.filled = syncArea(segment, publishedAt);
            this.free = syncArea(segment, consumedAt);
        }

        @Override
        void awaitData(long received) {
            while (!semaphore.await(filled, WAIT_SLICE_MS)) {
                checkAbort();
            }
        }

        @Override
        void signalData() {
            Semaphore.post(filled);
        }

        @Override
        void awaitRoom(long sent, int slots) {
            while (!semaphore.await(free, WAIT_SLICE_MS)) {
                checkAbort();
            }
        }

        @Override
        void signalRoom() {
            Semaphore.post(free);
        }
    }

    private static final class DoorbellSync extends RingSync {
        private final Doorbell bell;
        private final MemorySegment bellByte = Arena.ofAuto().allocate(1);

        DoorbellSync(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            super(segment, ring, abortReason);
            this.bell = bell;
        }

        @Override
        void awaitData(long received) {
            // One byte per published chunk, always read, so rings and chunks stay paired.
            long n = Fd.read(bell.readFd(), bellByte, 0, 1);
            checkAbort();
            if (n != 1) {
                throw new TransportException("the other process closed its doorbell");
            }
        }

        @Override
        void signalData() {
            Fd.write(bell.writeFd(), bellByte, 0, 1);
        }

        @Override
        void awaitRoom(long sent, int slots) {
            spinForRoom(sent, slots);
        }

        @Override
        void signalRoom() {}
    }
}
