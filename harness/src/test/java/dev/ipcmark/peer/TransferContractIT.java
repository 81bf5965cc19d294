package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.Payload;
import dev.ipcmark.transport.Support;
import dev.ipcmark.transport.TestResources;
import dev.ipcmark.transport.TransferSender;
import dev.ipcmark.transport.TransportKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transfer pattern's contract on every path its sender takes ({@link TransferSender}), across two real processes:
 * every payload is read by the peer whole and in order (its answer is the sum of the lines it read, which depends on
 * the payload's number and every line), and afterwards nothing of the case is left: no fresh segment, no chunk's
 * acknowledgement in the ring.
 */
@Timeout(180)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class TransferContractIT {
    // Larger than a 64 KiB chunk by a part of one: a short last round.
    private static final long ODD = (1L << 20) + 1000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "transfer/pipe/size=" + ODD,
                "transfer/unix-stream/size=4096",
                "transfer/cma/size=" + ODD,
                "transfer/shm/placement=copy-in/size=" + ODD,
                "transfer/shm/placement=in-place/size=4096",
                "transfer/shm/chunk=64KiB/placement=copy-in/size=" + ODD,
                "transfer/shm/chunk=64KiB/placement=in-place/size=" + ODD,
                "transfer/shm/capacity=4/chunk=4KiB/placement=copy-in/sync=futex/size=" + ODD,
                "transfer/shm/chunk=64KiB/placement=in-place/segment=file/size=200000",
                "transfer/shm/placement=in-place/segments=fresh/size=" + ODD,
                "transfer/shm/placement=copy-in/segments=fresh/size=4096",
                "transfer/shm/placement=copy-in/segment=file/segments=fresh/size=" + ODD,
                "transfer/memfd/placement=in-place/size=" + ODD,
                "transfer/memfd/placement=copy-in/size=4096",
                "transfer/grpc/size=" + ODD,
                "transfer/aeron/size=" + ODD
            })
    void shouldHaveEveryPayloadReadWholeInOrderAndLeaveNothing(String key) {
        CaseSpec spec = CaseSpec.parse(key);
        Support support = TransportKind.support(spec);
        assumeTrue(
                support.runs(),
                () -> "skipped, as a run would: " + support.reason().orElseThrow());
        Set<String> before = TransportContractIT.ipcmarkObjects();
        long peerPid;
        try (Arena arena = Arena.ofConfined();
                PeerSession session = PeerSession.open(spec, true)) {
            peerPid = session.peerPid();
            TransferSender sender = new TransferSender(spec, session.channel(), arena);
            MemorySegment expected = arena.allocate(spec.messageBytes(), 64);
            try {
                for (long seq = 1; seq <= 20; seq++) {
                    Payload.touchLines(expected, seq);
                    assertThat(sender.transfer(seq))
                            .as("the peer's sum of payload %d's lines", seq)
                            .isEqualTo(Payload.readLines(expected));
                }
            } catch (RuntimeException e) {
                throw new AssertionError(session.explain(e), e);
            }
        }
        assertThat(Leftovers.outstanding()).isEmpty();
        assertThat(ProcessHandle.of(peerPid).map(ProcessHandle::isAlive).orElse(false))
                .as("peer still running")
                .isFalse();
        assertThat(TransportContractIT.ipcmarkObjects()).isEqualTo(before);
    }
}
