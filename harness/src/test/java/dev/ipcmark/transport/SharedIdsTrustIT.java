package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What is read from shared memory decides which process ipcmark writes into (cma), takes descriptors from (shm's
 * eventfd sync) or which queue it opens (shm's posix-mq and sysv-mq syncs) or signals (its rt-signal sync), so a PID is trusted only for this process and its parent
 * (or child), and a queue name only when ipcmark made it for the segment's owner; the round trips themselves are in
 * TransportContractIT.
 */
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
class SharedIdsTrustIT {
    @Test
    void shouldRefuseToWriteIntoAProcessTheSegmentNamesUnlessItIsOneOfItsOwn() {
        CaseSpec spec = CaseSpec.of(Pattern.PING_PONG, "cma", 64);
        Transport cma = TransportKind.CMA.create();
        try (PrivateDir dir = PrivateDir.create();
                Opening opening = cma.listen(spec, dir)) {
            // The peer connects (here: this process), then the segment is tampered with: "the peer is PID 1".
            cma.connect(spec, opening.endpoint()).close();
            var segment = SegmentKind.POSIX.attach(opening.endpoint(), CmaLayout.BYTES);
            try {
                segment.segment().set(ValueLayout.JAVA_LONG, CmaLayout.pidOffset(1), 1L);
                assertThatThrownBy(opening::accept)
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("names PID 1, which is neither this process nor its parent or child");
            } finally {
                segment.close();
            }
        }
        assertThat(LeftoverCheck.ofThisProcess()).isEmpty();
    }

    @Test
    void shouldRefuseToTakeEventfdsFromAProcessThatIsNotItsParent() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(ShmLayout.SLOTS_OFFSET, 128);
            segment.set(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET, (int)
                    ProcessHandle.current().pid());
            Runnable close = EventfdSync.initialize(segment, 0, 1);
            try {
                assertThat(new EventfdSync(segment, 0, new AbortReason())).isNotNull();
                segment.set(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET, 1);
                assertThatThrownBy(() -> new EventfdSync(segment, 0, new AbortReason()))
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("owner PID 1 is neither this process nor its parent");
            } finally {
                close.run();
            }
        }
    }

    @Test
    void shouldOpenOnlyQueuesIpcmarkMadeForTheSegmentsOwner() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(ShmLayout.SLOTS_OFFSET, 128);
            segment.set(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET, (int)
                    ProcessHandle.current().pid());
            Runnable close = MqSync.initialize(segment, 0, 1, 1);
            try {
                new MqSync(segment, 0, new AbortReason()).close();
                MemorySegment area = SyncStrategy.syncArea(segment, ShmLayout.publishedOffset(0));
                String name = area.getString(0);
                // The same random part, but a creator that is not the segment's owner.
                area.setString(0, name.replaceFirst("/ipcmark-\\d+-", "/ipcmark-1-"));
                assertThatThrownBy(() -> new MqSync(segment, 0, new AbortReason()))
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("not one ipcmark made for the segment's owner");
            } finally {
                close.run();
            }
        }
    }

    @Test
    void shouldUseOnlySystemVQueuesIpcmarkMadeForThisUser() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment area = arena.allocate(64, 8);
            Runnable close = SysvMqSync.initialize(area, 1);
            int stranger = dev.ipcmark.nativeio.SysvIpc.createQueue(0); // IPC_PRIVATE: no ipcmark mark
            try {
                MemorySegment segment = arena.allocate(ShmLayout.SLOTS_OFFSET, 128);
                assertThat(new SysvMqSync(segment, 0, new AbortReason(), area)).isNotNull();
                area.set(ValueLayout.JAVA_INT, 0, stranger);
                assertThatThrownBy(() -> new SysvMqSync(segment, 0, new AbortReason(), area))
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("is not one ipcmark made for this user");
            } finally {
                dev.ipcmark.nativeio.SysvIpc.removeQueue(stranger);
                close.run();
            }
        }
        assertThat(LeftoverCheck.ofThisProcess()).isEmpty();
    }

    @Test
    void shouldSignalOnlyAWaiterInThisProcessOrItsParentOrChild() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(ShmLayout.SLOTS_OFFSET, 128);
            RtSignalSync sync = new RtSignalSync(segment, 0, new AbortReason());
            MemorySegment area = SyncStrategy.syncArea(segment, ShmLayout.publishedOffset(0));
            // A waiter that is asleep: PID 1, thread 1.
            area.set(ValueLayout.JAVA_LONG, 0, (1L << 32) | 1);
            area.set(ValueLayout.JAVA_INT, 8, 1);
            assertThatThrownBy(sync::signalData)
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("names PID 1 as the waiting process");
        }
    }
}
