package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.FanInMessage;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.SetupCycle;
import dev.ipcmark.transport.Support;
import dev.ipcmark.transport.TestResources;
import dev.ipcmark.transport.TransportKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contracts of a transport's other two facets, over every transport that offers them: a {@code Mailbox} that
 * real producer processes share delivers each producer's messages whole, in its order, none lost or repeated, and
 * leaves nothing behind; a {@code SetupCycle} reports its steps in the order it declares and leaves nothing behind.
 */
@Timeout(120)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class MailboxAndSetupContractIT {
    static Stream<Arguments> mailboxes() {
        return TransportKind.ids().stream()
                .filter(id -> TransportKind.require(id).create().mailbox().isPresent())
                .flatMap(id -> Stream.of(16L, 65_536L).map(size -> Arguments.of(id, size)));
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("mailboxes")
    void shouldDeliverEveryProducersMessagesWholeInItsOrder(String transport, long size) {
        CaseSpec spec = CaseSpec.parse("fan-in/" + transport + "/producers=2/size=" + size);
        Support support = TransportKind.support(spec);
        assumeTrue(
                support.runs(),
                () -> "skipped, as a run would: " + support.reason().orElseThrow());
        Set<String> before = TransportContractIT.ipcmarkObjects();
        List<Long> producers;
        Map<Long, Long> received = new HashMap<>();
        Map<Long, Long> announced = new HashMap<>();
        try (Arena arena = Arena.ofConfined();
                PeerSession session = PeerSession.open(spec, true)) {
            producers = session.peerPids();
            MemorySegment in = arena.allocate(size, 64);
            try {
                for (int i = 0; i < 300; i++) {
                    take(session, in, received, announced);
                }
                session.finishProducers();
                while (announced.size() < producers.size()) {
                    take(session, in, received, announced);
                }
            } catch (RuntimeException e) {
                throw new AssertionError(session.explain(e), e);
            }
        }
        assertThat(received.keySet()).as("producers heard from").isSubsetOf(new HashSet<>(producers));
        assertThat(announced.keySet()).containsExactlyInAnyOrderElementsOf(producers);
        for (long pid : producers) {
            assertThat(received.getOrDefault(pid, 0L))
                    .as("producer %d: messages received against its final count", pid)
                    .isEqualTo(announced.get(pid));
        }
        assertThat(received.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(300);
        assertThat(Leftovers.outstanding()).isEmpty();
        for (long pid : producers) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("producer %d still running", pid)
                    .isFalse();
        }
        assertThat(TransportContractIT.ipcmarkObjects()).isEqualTo(before);
    }

    /** Receives one message and checks it is its producer's next one, whole; a final one ends that producer. */
    private static void take(
            PeerSession session, MemorySegment in, Map<Long, Long> received, Map<Long, Long> announced) {
        session.inbox().receive(in);
        long pid = FanInMessage.pid(in);
        long seq = FanInMessage.seq(in);
        assertThat(announced)
                .as("producer %d sent after its final message", pid)
                .doesNotContainKey(pid);
        long due = received.getOrDefault(pid, 0L);
        if (FanInMessage.isFinal(in)) {
            announced.put(pid, seq);
            return;
        }
        assertThat(seq)
                .as("producer %d's message number (lost, repeated or reordered otherwise)", pid)
                .isEqualTo(due);
        FanInMessage.check(in);
        received.put(pid, due + 1);
    }

    static Stream<Arguments> setupCycles() {
        return TransportKind.ids().stream()
                .filter(id -> TransportKind.require(id).create().setupCycle().isPresent())
                .flatMap(id -> Stream.of(64L, 1L << 20).map(size -> Arguments.of(id, size)));
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("setupCycles")
    void shouldReportEveryStepInOrderAndLeaveNothing(String transport, long size) {
        CaseSpec spec = CaseSpec.parse("setup/" + transport + "/size=" + size);
        SetupCycle cycle =
                TransportKind.require(transport).create().setupCycle().orElseThrow();
        Support support = cycle.check(spec);
        assumeTrue(
                support.runs(),
                () -> "skipped, as a run would: " + support.reason().orElseThrow());
        Set<String> before = TransportContractIT.ipcmarkObjects();
        List<String> steps = cycle.steps(spec);
        assertThat(steps).isNotEmpty().doesNotHaveDuplicates();
        for (int round = 0; round < 3; round++) {
            List<String> reported = new ArrayList<>();
            try (PrivateDir dir = PrivateDir.create()) {
                cycle.run(spec, dir, reported::add);
            }
            assertThat(reported).as("round %d", round).containsExactlyElementsOf(steps);
        }
        assertThat(Leftovers.outstanding()).isEmpty();
        assertThat(TransportContractIT.ipcmarkObjects()).isEqualTo(before);
    }
}
