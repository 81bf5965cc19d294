package dev.ipcmark.transport;

import dev.ipcmark.nativeio.RtSignal;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The {@code rt-signal} sync of a ring: a real-time signal with a payload (the counter's new value) as the wake-up, the
 * signals family's member of the sync strategies ({@link RtSignal}). A thread that waits registers itself once, its
 * PID and thread id in one word of the ring's sync area, and blocks the signal; the other process, after moving its
 * counter, sends the signal to that thread ({@code rt_tgsigqueueinfo}). The waiter takes signals with
 * {@code sigtimedwait} in slices, so that an abort is noticed, and re-checks the counter after each.
 *
 * <pre>
 *   published's sync area + 0: (consumer PID &lt;&lt; 32) | consumer TID, 0 until it first waits for data (8)
 *   consumed's sync area + 0:  (producer PID &lt;&lt; 32) | producer TID, 0 until it first waits for room (8)
 *   either sync area + 8:      1 while that waiter is about to sleep or sleeping, else 0 (4)
 * </pre>
 *
 * No wake-up is lost: the waiter raises its flag (a volatile store and a fence) before its last look at the counter,
 * the signaller fences between its counter store and reading the flag, and a signal sent before the waiter takes it
 * stays queued for it. Signals go only to a waiter whose flag is up, so at most one or two are ever queued. A PID read from the segment is signalled only if it is this process or its parent or child.
 */
final class RtSignalSync extends RingSync {
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle FLAG = ValueLayout.JAVA_INT.varHandle();
    // Where the waiter says it is about to sleep: the signaller sends only then, so that signals never pile up in the
    // waiter's queue (they count against the user's RLIMIT_SIGPENDING, which other programs of the user share).
    private static final long SLEEPING_AT = 8;

    private final RtSignal signals = new RtSignal();
    private final MemorySegment dataWaiter;
    private final MemorySegment roomWaiter;
    private boolean waitsForData;
    private boolean waitsForRoom;
    private long kin;

    RtSignalSync(MemorySegment segment, int ring, AbortReason abortReason) {
        super(segment, ring, abortReason);
        RtSignal.ignoreStrays();
        this.dataWaiter = SyncStrategy.syncArea(segment, publishedAt);
        this.roomWaiter = SyncStrategy.syncArea(segment, consumedAt);
    }

    @Override
    void awaitData(long received) {
        if (!waitsForData) {
            register(dataWaiter);
            waitsForData = true;
        }
        while (published() <= received) {
            sleep(dataWaiter, publishedAt, received);
        }
    }

    @Override
    void signalData() {
        wake(dataWaiter, published());
    }

    @Override
    void awaitRoom(long sent, int slots) {
        if (!waitsForRoom) {
            register(roomWaiter);
            waitsForRoom = true;
        }
        // Room means consumed > sent - slots: the same "counter above a bound" as data.
        while (sent - consumed() >= slots) {
            sleep(roomWaiter, consumedAt, sent - slots);
        }
    }

    @Override
    void signalRoom() {
        wake(roomWaiter, consumed());
    }

    // Says it is about to sleep, looks once more whether the counter at counterAt passed bound (the signaller may have
    // moved it before it saw the flag), then takes a signal or a slice's timeout. No lambda: this is on the measured
    // path.
    private void sleep(MemorySegment area, long counterAt, long bound) {
        FLAG.setVolatile(area, SLEEPING_AT, 1);
        VarHandle.fullFence();
        if ((long) COUNTER.getAcquire(segment, counterAt) <= bound) {
            signals.await(WAIT_SLICE_MS);
        }
        FLAG.setVolatile(area, SLEEPING_AT, 0);
        checkAbort();
    }

    // The waiting thread: blocks the signal, then says who it is (before its first look at the counter).
    private void register(MemorySegment area) {
        signals.blockInThisThread();
        long word = (ProcessHandle.current().pid() << 32) | Integer.toUnsignedLong(RtSignal.threadId());
        WORD.setVolatile(area, 0L, word);
        VarHandle.fullFence();
    }

    private void wake(MemorySegment area, long value) {
        // The counter was just stored: it must be visible before the waiter is read (no lost wake-up).
        VarHandle.fullFence();
        long word = (long) WORD.getVolatile(area, 0L);
        if (word == 0 || (int) FLAG.getVolatile(area, SLEEPING_AT) == 0) {
            return; // nobody sleeps: whoever comes to wait looks at the counter first
        }
        long pid = word >>> 32;
        if (pid != kin) {
            if (!Kin.selfParentOrChild(pid)) {
                throw new TransportException("the segment names PID " + pid + " as the waiting process, which is"
                        + " neither this process nor its parent or child: refusing to signal it");
            }
            kin = pid;
        }
        signals.send(pid, (int) word, value);
    }
}
