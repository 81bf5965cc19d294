package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Semaphore;
import dev.ipcmark.scenario.Identified;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
        Support check(int slots) {
            return EventfdSync.check();
        }
    },
    /**
     * The data in the segment, a one-byte "ready" message through a POSIX queue per chunk and an "ok" back: the textbook
     * alternative when process-shared pthread objects are missing.
     */
    POSIX_MQ("posix-mq") {
        @Override
        Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
            return MqSync.initialize(
                    segment, ring, freeSlots, segment.get(ValueLayout.JAVA_INT, ShmLayout.SLOT_COUNT_OFFSET));
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new MqSync(segment, ring, abortReason);
        }

        @Override
        Support check(int slots) {
            return MqSync.check(slots);
        }
    },
    /**
     * The posix-mq protocol through a System V queue per ring: "ready" and "ok" as two message types that {@code msgrcv}
     * selects.
     */
    SYSV_MQ("sysv-mq") {
        @Override
        Runnable initialize(MemorySegment segment, int ring, int freeSlots) {
            return SysvMqSync.initialize(syncArea(segment, ShmLayout.publishedOffset(ring)), freeSlots);
        }

        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new SysvMqSync(segment, ring, abortReason, syncArea(segment, ShmLayout.publishedOffset(ring)));
        }

        @Override
        Support check(int slots) {
            return SysvMqSync.check(slots);
        }
    },
    /** A real-time signal with the counter as its payload, sent to the waiting thread (the signals family). */
    RT_SIGNAL("rt-signal") {
        @Override
        RingSync open(MemorySegment segment, int ring, AbortReason abortReason, Doorbell bell) {
            return new RtSignalSync(segment, ring, abortReason);
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

    /**
     * Whether the strategy can work on this machine for rings of {@code slots} slots, and if not, why; it can unless it
     * says otherwise.
     */
    Support check(int slots) {
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
}
