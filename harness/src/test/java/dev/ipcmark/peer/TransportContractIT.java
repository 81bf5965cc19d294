package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.TransportCatalog;
import dev.ipcmark.transport.LeftoverCheck;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.Payload;
import dev.ipcmark.transport.Support;
import dev.ipcmark.transport.TestResources;
import dev.ipcmark.transport.TransportKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every transport keeps, checked across two real processes: every message arrives whole, in order, none
 * lost or duplicated, and after close nothing of the case is left in the kernel's namespaces.
 */
@Timeout(180)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class TransportContractIT {
    /**
     * Every strategy combination runs at this size: over 64 KiB, past a pipe's and a socket buffer's default capacity,
     * so partial writes and reads happen in every waiting mode.
     */
    private static final List<Long> SIZES = List.of(65_537L);

    /**
     * Each transport's default case and the extra cases also run at these: one byte, framing edges, 1 MiB and a
     * multi-chunk size.
     */
    private static final List<Long> MORE_SIZES = List.of(1L, 63L, 4095L, 4096L, 1L << 20, 8L << 20);

    /** Transports that carry one size only, in every waiting mode, at that size. */
    private static final List<Arguments> ONE_SIZE_CASES = List.of(
            Arguments.of("ping-pong/eventfd/mode=blocking", 8L),
            Arguments.of("ping-pong/eventfd/mode=nonblocking-spin", 8L),
            Arguments.of("ping-pong/eventfd/mode=nonblocking-poll", 8L));

    /**
     * Settings that change where or how the transport runs rather than how it moves bytes (a veth pair, a library's
     * wait): each at one byte and over 64 KiB.
     */
    private static final List<String> PATH_CASES = List.of(
            "ping-pong/tcp/mode=nonblocking-spin/network=veth",
            "ping-pong/udp/mode=blocking/network=veth",
            "ping-pong/aeron/idle=backoff");

    /** Further knob settings worth a contract run of their own. */
    private static final List<String> EXTRA_CASES = List.of(
            "ping-pong/posix-mq/mode=blocking/mq-maxmsg=10/mq-msgsize=8KiB/priority=7/split=yes",
            "ping-pong/pipe/mode=blocking/pipe-size=4KiB",
            "ping-pong/shm/capacity=0/segment=posix/sync=futex",
            "ping-pong/shm/capacity=4/segment=sysv/sync=semaphore",
            "ping-pong/shm/capacity=unbounded/segment=file/sync=spin",
            "ping-pong/sysv-mq/mode=blocking/msg-type=42/qbytes=8KiB/receive=by-type/split=yes",
            "ping-pong/unix-dgram/mode=blocking/rcvbuf=default/sndbuf=16KiB/socket-type=dgram");

    static Stream<Arguments> cases() {
        TransportCatalog catalog = TransportKind.catalog();
        Stream<String> keys = Stream.of(
                        catalog.ids().stream().flatMap(id -> strategyCombinations(id, catalog.knobs(id)).stream()),
                        EXTRA_CASES.stream(),
                        PATH_CASES.stream())
                .flatMap(s -> s);
        // A choice knob's first value is its default: the first combination is the transport's default case.
        Stream<String> defaults = Stream.concat(
                catalog.ids().stream()
                        .map(id -> strategyCombinations(id, catalog.knobs(id)).getFirst()),
                EXTRA_CASES.stream());
        return Stream.of(
                        keys.flatMap(prefix -> SIZES.stream().map(size -> Arguments.of(prefix, size))),
                        PATH_CASES.stream().map(prefix -> Arguments.of(prefix, 1L)),
                        defaults.flatMap(prefix -> MORE_SIZES.stream().map(size -> Arguments.of(prefix, size))),
                        ONE_SIZE_CASES.stream())
                .flatMap(s -> s);
    }

    // Above this many combinations of a transport's strategy knobs (shm's segment kinds × sync strategies), every value
    // runs with the other knobs at their first value, plus every pair of the knobs' first two values: a sync strategy
    // works on the mapped memory whatever made it, so the full product would repeat itself.
    private static final int FULL_PRODUCT_UP_TO = 12;

    /**
     * {@code ping-pong/<id>/<knobs>} for every combination of the strategy knobs' values (or, past
     * {@value #FULL_PRODUCT_UP_TO}, every value of each and pairs of the first two), the rest at defaults; the first
     * is the default case.
     */
    private static List<String> strategyCombinations(String id, List<Knob> knobs) {
        List<Map<String, String>> combos = new ArrayList<>(List.of(new TreeMap<>()));
        for (Knob knob : knobs) {
            List<String> values =
                    knob.strategy() && knob.values() instanceof Knob.Choice c ? c.ids() : List.of(knob.defaultValue());
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : values) {
                    Map<String, String> extended = new TreeMap<>(combo);
                    extended.put(knob.name(), value);
                    next.add(extended);
                }
            }
            combos = next;
        }
        if (combos.size() > FULL_PRODUCT_UP_TO) {
            Map<String, String> first = combos.getFirst();
            combos = combos.stream()
                    .filter(combo -> differsInAtMostOne(combo, first) || withinFirstTwo(combo, knobs))
                    .toList();
        }
        return combos.stream()
                .map(combo -> "ping-pong/" + id
                        + combo.entrySet().stream()
                                .map(e -> "/" + e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining()))
                .toList();
    }

    private static boolean differsInAtMostOne(Map<String, String> combo, Map<String, String> first) {
        return combo.entrySet().stream()
                        .filter(e -> !e.getValue().equals(first.get(e.getKey())))
                        .count()
                <= 1;
    }

    // Every knob's value among its first two (a choice knob's ids in order; others have one value).
    private static boolean withinFirstTwo(Map<String, String> combo, List<Knob> knobs) {
        return knobs.stream()
                .allMatch(k -> !(k.strategy() && k.values() instanceof Knob.Choice c)
                        || c.ids().indexOf(combo.get(k.name())) < 2);
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("cases")
    void shouldEchoEveryMessageWholeInOrderAndLeaveNothing(String prefix, long size) {
        CaseSpec spec = CaseSpec.parse(prefix + "/size=" + size);
        String transport = spec.transport();
        Support support = TransportKind.require(transport).create().check(spec);
        assumeTrue(
                support.runs(),
                () -> "skipped, as a run would: " + support.reason().orElseThrow());
        Set<String> before = ipcmarkObjects();
        long peerPid;
        int messages = size >= (8 << 20) ? 5 : size >= (1 << 20) ? 20 : 100;
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
        return LeftoverCheck.ofThisProcess();
    }
}
