package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.Payload;
import dev.ipcmark.transport.Support;
import dev.ipcmark.transport.TransportKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every transport keeps, checked across two real processes: every message arrives whole, in order, none
 * lost or duplicated, and after close nothing of the case is left in the kernel's namespaces.
 */
@Timeout(120)
class TransportContractIT {
    private static final List<Long> SIZES = List.of(1L, 63L, 4096L, 65_537L, 1L << 20);

    static Stream<Arguments> cases() {
        return Stream.of(TransportKind.values())
                .flatMap(kind -> SIZES.stream().map(size -> Arguments.of(kind.id(), size)));
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("cases")
    void shouldEchoEveryMessageWholeInOrderAndLeaveNothing(String transport, long size) {
        CaseSpec spec = CaseSpec.of(Pattern.PING_PONG, transport, size);
        Support support = TransportKind.require(transport).create().check(spec);
        assumeTrue(
                support.runs(),
                () -> "skipped, as a run would: " + support.reason().orElseThrow());
        Set<String> before = ipcmarkObjects();
        long peerPid;
        int messages = size >= (1 << 20) ? 20 : 300;
        try (Arena arena = Arena.ofConfined();
                PeerSession session = PeerSession.open(spec, true)) {
            peerPid = session.peerPid();
            MemorySegment out = arena.allocate(size, 64);
            MemorySegment in = arena.allocate(size, 64);
            try {
                for (long seq = 0; seq < messages; seq++) {
                    Payload.fill(out, seq);
                    session.channel().send(out);
                    session.channel().receive(in);
                    Payload.check(in, seq);
                    assertThat(in.mismatch(out)).as("echo of message %d", seq).isEqualTo(-1L);
                }
            } catch (RuntimeException e) {
                throw new AssertionError(session.explain(e), e);
            }
        }
        assertThat(Leftovers.outstanding()).isEmpty();
        assertThat(ProcessHandle.of(peerPid).map(ProcessHandle::isAlive).orElse(false))
                .as("peer still running")
                .isFalse();
        assertThat(ipcmarkObjects()).isEqualTo(before);
    }

    /** ipcmark's objects on the machine, found by looking, not by trusting the registry. */
    static Set<String> ipcmarkObjects() {
        return Leftovers.scan().stream().map(f -> f.path().toString()).collect(Collectors.toSet());
    }
}
