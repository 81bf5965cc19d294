package dev.ipcmark.transport;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The registry of transports: adding one is one class and one constant here. */
public enum TransportKind {
    /** Named pipe pair. */
    FIFO("fifo", FifoTransport::new),
    /** POSIX message queue pair. */
    POSIX_MQ("posix-mq", PosixMqTransport::new),
    /** AF_UNIX stream socket. */
    UNIX_STREAM("unix-stream", UnixStreamTransport::new),
    /** TCP over loopback. */
    TCP("tcp", TcpTransport::new),
    /** POSIX shared memory with spinning on sequence counters. */
    SHM("shm", ShmTransport::new);

    private final String id;
    private final Supplier<Transport> factory;

    TransportKind(String id, Supplier<Transport> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The external id used in scenario files, case keys, CSV and file names. */
    public String id() {
        return id;
    }

    /** A new instance of the transport. */
    public Transport create() {
        return factory.get();
    }

    /** The kind with this id, if any. */
    public static Optional<TransportKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The kind with this id, or an exception listing the ids that exist. */
    public static TransportKind require(String id) {
        return byId(id).orElseThrow(() ->
                new IllegalArgumentException("unknown transport '" + id + "'; allowed: " + String.join(", ", ids())));
    }

    /** Every id, in registry order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(TransportKind::id).toList();
    }
}
