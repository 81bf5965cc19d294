package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.CpuPlacement;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.PeerRole;
import dev.ipcmark.scenario.TransportCatalog;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.Supplier;

/** The registry of transports: adding one is one class and one constant here. */
public enum TransportKind implements Identified {
    /** Anonymous pipe pair, inherited by the peer. */
    PIPE("pipe", Family.PIPES_AND_QUEUES, PipeTransport::new),
    /** Named pipe pair. */
    FIFO("fifo", Family.PIPES_AND_QUEUES, FifoTransport::new),
    /** POSIX message queue pair. */
    POSIX_MQ("posix-mq", Family.PIPES_AND_QUEUES, PosixMqTransport::new),
    /** System V message queue(s), typed messages. */
    SYSV_MQ("sysv-mq", Family.PIPES_AND_QUEUES, SysvMqTransport::new),
    /** AF_UNIX stream socket. */
    UNIX_STREAM("unix-stream", Family.SOCKETS, UnixStreamTransport::new),
    /** AF_UNIX datagram or seqpacket socket. */
    UNIX_DGRAM("unix-dgram", Family.SOCKETS, UnixDgramTransport::new),
    /** TCP over loopback. */
    TCP("tcp", Family.SOCKETS, TcpTransport::new),
    /** UDP over loopback. */
    UDP("udp", Family.SOCKETS, UdpTransport::new),
    /** A regular file guarded by file locks. */
    SHARED_FILE("shared-file", Family.SHARED, SharedFileTransport::new),
    /** Shared memory: POSIX, System V or a mapped file, with a choice of sync and capacity. */
    SHM("shm", Family.SHARED, ShmTransport::new),
    /** Cross-memory attach: process_vm_writev into the receiver's buffer. */
    CMA("cma", Family.SHARED, CmaTransport::new),
    /** A pair of eventfds as 64-bit counters: 8-byte messages. */
    EVENTFD("eventfd", Family.PIPES_AND_QUEUES, EventfdTransport::new),
    /** A sealed memory file per message, handed over with SCM_RIGHTS. */
    MEMFD("memfd", Family.SHARED, MemfdTransport::new),
    /** gRPC unary calls over a Unix domain socket (Netty epoll). */
    GRPC("grpc", Family.FRAMEWORKS, GrpcTransport::new),
    /** Aeron IPC publications: log buffers in shared memory. */
    AERON("aeron", Family.FRAMEWORKS, AeronTransport::new);

    /** Transports that work alike, which a report draws together so that a chart holds few enough lines to read. */
    public enum Family {
        /** The kernel copies a message through a buffer: pipes, FIFOs, message queues. */
        PIPES_AND_QUEUES("pipes and queues"),
        /** Sockets, local and loopback. */
        SOCKETS("sockets"),
        /** Memory or a file both processes reach: shared mappings, locked files, cross-memory attach. */
        SHARED("shared memory and files"),
        /** Libraries on top of a mechanism: what they add to it. */
        FRAMEWORKS("frameworks");

        private final String title;

        Family(String title) {
            this.title = title;
        }

        /** How a chart names it. */
        public String title() {
            return title;
        }
    }

    private final String id;
    private final Family family;
    private final Supplier<Transport> factory;

    TransportKind(String id, Family family, Supplier<Transport> factory) {
        this.id = id;
        this.family = family;
        this.factory = factory;
    }

    /** Which transports it works like. */
    public Family family() {
        return family;
    }

    /** The external id used in scenario files, case keys, CSV and file names. */
    @Override
    public String id() {
        return id;
    }

    /** A new instance of the transport. */
    public Transport create() {
        return factory.get();
    }

    /** The kind with this id, if any. */
    public static Optional<TransportKind> byId(String id) {
        return Identified.byId(TransportKind.class, id);
    }

    /** The kind with this id, or an exception listing the ids that exist. */
    public static TransportKind require(String id) {
        return Identified.require(TransportKind.class, id, "transport");
    }

    /** Every transport with its knobs, in registry order: what scenarios are validated and expanded against. */
    public static TransportCatalog catalog() {
        SequencedMap<String, List<Knob>> knobs = new LinkedHashMap<>();
        Map<String, Map<Pattern, List<Knob>>> byPattern = new HashMap<>();
        for (TransportKind kind : values()) {
            Transport transport = kind.create();
            knobs.put(kind.id, transport.knobs());
            Map<Pattern, List<Knob>> own = new EnumMap<>(Pattern.class);
            for (Pattern pattern : Pattern.values()) {
                own.put(pattern, transport.knobs(pattern));
            }
            byPattern.put(kind.id, own);
        }
        return new TransportCatalog(knobs, byPattern);
    }

    /**
     * Whether {@code spec} can run on this machine, and if not, why: the verdict of the facet of the transport its
     * pattern uses (its channel, its mailbox or its set-up cycle).
     */
    public static Support support(CaseSpec spec) {
        Transport transport = require(spec.transport()).create();
        PeerRole.Facet facet = spec.pattern().peer().facet();
        if (facet == PeerRole.Facet.SETUP_CYCLE) {
            return transport
                    .setupCycle()
                    .map(c -> c.check(spec))
                    .orElse(Support.no("the " + spec.pattern().id() + " pattern measures set-up cycles; making and"
                            + " connecting a " + spec.transport() + " is not measured yet"));
        }
        Support placement = CpuPlan.check(spec);
        if (!placement.runs()) {
            return placement;
        }
        if (CpuPlacement.of(spec) == CpuPlacement.SAME
                && (SyncStrategy.SPIN.id().equals(spec.knobs().get(SyncStrategy.KNOB))
                        || BlockingMode.NONBLOCKING_SPIN
                                .id()
                                .equals(spec.knobs().get(BlockingMode.KNOB)))) {
            return Support.no("a process that spins waits for a peer on its own CPU for a whole time slice per"
                    + " message; spinning needs cpus: split (or a sync or mode that sleeps)");
        }
        Support own = transport.check(spec);
        if (facet == PeerRole.Facet.CHANNEL || !own.runs()) {
            return own;
        }
        return mailboxSupport(transport, spec);
    }

    private static Support mailboxSupport(Transport transport, CaseSpec spec) {
        if (spec.messageBytes() < FanInMessage.HEADER_BYTES) {
            return Support.no("fan-in messages carry the producer, its sequence number and the send time in their"
                    + " first " + FanInMessage.HEADER_BYTES + " bytes; use messages of at least that size");
        }
        return transport
                .mailbox()
                .map(m -> m.check(spec))
                .orElse(Support.no(spec.transport() + " has no mailbox several producers can share; "
                        + spec.pattern().id() + " runs over "
                        + String.join(
                                ", ",
                                Arrays.stream(values())
                                        .filter(k -> k.create().mailbox().isPresent())
                                        .map(TransportKind::id)
                                        .toList())));
    }

    /** Every id, in registry order. */
    public static List<String> ids() {
        return Identified.ids(TransportKind.class);
    }
}
