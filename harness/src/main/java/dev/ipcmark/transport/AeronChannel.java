package dev.ipcmark.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One end of the aeron transport: an exclusive publication to the other process and a subscription to its
 * publication, both on {@code aeron:ipc} (log buffers in shared memory, no system call per message). Sending offers the
 * message straight from the caller's memory; receiving polls one fragment at a time, so a message is never followed
 * into the next one, and copies the reassembled message out.
 */
final class AeronChannel implements Channel {
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final IdleStrategy idle;
    private final List<AutoCloseable> owned;
    private final UnsafeBuffer outgoing = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer incoming = new UnsafeBuffer(0, 0);
    private final FragmentAssembler assembler = new FragmentAssembler(this::arrived);
    private long expected;
    private long arrivedBytes = -1;
    private final AbortReason aborted = new AbortReason();

    /**
     * @param owned what closing the channel closes, in order (the client, then the driver this process runs, if any)
     */
    AeronChannel(
            ExclusivePublication publication, Subscription subscription, IdleStrategy idle, List<AutoCloseable> owned) {
        this.publication = publication;
        this.subscription = subscription;
        this.idle = idle;
        this.owned = new ArrayList<>(owned);
    }

    /**
     * Adds both streams on {@code aeron}; they connect once the other process has added its own (see {@link
     * #connected}).
     */
    static AeronChannel open(
            Aeron aeron,
            String channel,
            int sendStream,
            int receiveStream,
            IdleStrategy idle,
            List<AutoCloseable> owned) {
        ExclusivePublication publication = aeron.addExclusivePublication(channel, sendStream);
        try {
            return new AeronChannel(publication, aeron.addSubscription(AeronTransport.IPC, receiveStream), idle, owned);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(publication);
            throw e;
        }
    }

    /** Waits until each stream has the other process at its other end; closes the channel if it never comes. */
    AeronChannel connected() {
        long deadline = System.nanoTime() + AeronTransport.CONNECT_TIMEOUT_NS;
        while (!publication.isConnected() || !subscription.isConnected()) {
            if (System.nanoTime() - deadline > 0) {
                close();
                throw new TransportException("the other process did not join the Aeron streams within "
                        + AeronTransport.CONNECT_TIMEOUT_NS / 1_000_000_000L + " s");
            }
            Thread.yield();
        }
        return this;
    }

    @Override
    public void send(MemorySegment message) {
        // UnsafeBuffer reads the caller's native memory in place: one copy, into the log buffer.
        outgoing.wrap(message.address(), Math.toIntExact(message.byteSize()));
        idle.reset();
        while (true) {
            long result = publication.offer(outgoing, 0, outgoing.capacity());
            if (result > 0) {
                return;
            }
            aborted.throwIfSet();
            if (result == Publication.CLOSED
                    || result == Publication.MAX_POSITION_EXCEEDED
                    || (result == Publication.NOT_CONNECTED && !subscription.isConnected())) {
                throw new TransportException("the Aeron publication refused the message ("
                        + Publication.errorString(result) + "): the other process is gone");
            }
            idle.idle();
        }
    }

    @Override
    public void receive(MemorySegment into) {
        incoming.wrap(into.address(), Math.toIntExact(into.byteSize()));
        expected = into.byteSize();
        arrivedBytes = -1;
        idle.reset();
        while (arrivedBytes < 0) {
            int fragments = subscription.poll(assembler, 1);
            if (fragments == 0) {
                aborted.throwIfSet();
                if (!subscription.isConnected()) {
                    throw new TransportException("the other process's Aeron publication is gone");
                }
            }
            idle.idle(fragments);
        }
        if (arrivedBytes != expected) {
            throw new TransportException(
                    "an Aeron message of " + arrivedBytes + " bytes arrived where " + expected + " were expected");
        }
    }

    // FragmentHandler: called with a whole (reassembled) message.
    private void arrived(DirectBuffer buffer, int offset, int length, io.aeron.logbuffer.Header header) {
        arrivedBytes = length;
        if (length == expected) {
            buffer.getBytes(offset, incoming, 0, length);
        }
    }

    @Override
    public void abort(String reason) {
        aborted.set(reason);
    }

    @Override
    public void close() {
        aborted.set("closed");
        List<AutoCloseable> all = new ArrayList<>(List.of(publication, subscription));
        all.addAll(owned);
        CloseHelper.closeAll(all);
    }
}
