package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The sending side of one transfer over any channel, as the transfer pattern measures it: produce the payload (write
 * every cache line of it) where the case says, get it to the peer, and wait for its 8-byte answer, the sum of the lines
 * it read. The paths:
 *
 * <ul>
 *   <li>a {@link HandOver} channel, in place: produced in a fresh buffer, which is handed over;
 *   <li>a {@link SharedArea} channel: produced in the area (in place) or copied in from a private buffer, in one round
 *       or in chunked {@link AreaRounds}, each round announced by a notice and answered;
 *   <li>any other channel: produced in a private buffer and sent through it (the kernel copies).
 * </ul>
 */
public final class TransferSender {
    private final Channel channel;
    private final MemorySegment privateBuffer;
    private final MemorySegment notice;
    private final MemorySegment ack;
    private final boolean inPlace;
    private final AreaRounds rounds;
    private SharedArea shared;
    private MemorySegment area;
    private HandOver handOver;

    /** A sender of {@code spec}'s payloads over {@code channel}, its buffers from {@code arena}. */
    public TransferSender(CaseSpec spec, Channel channel, Arena arena) {
        this.channel = channel;
        this.privateBuffer = arena.allocate(spec.messageBytes(), 64);
        this.notice = arena.allocate(Long.BYTES, 8);
        this.ack = arena.allocate(Long.BYTES, 8);
        this.inPlace = spec.knob(ShmKnobs.PLACEMENT).equals("in-place");
        this.rounds = AreaRounds.of(spec);
        if (channel instanceof SharedArea s) {
            shared = s;
            area = s.sharedArea();
        }
        if (inPlace && channel instanceof HandOver h) {
            handOver = h;
        }
    }

    /** One transfer of payload number {@code seq}, acknowledged; returns the answer (the sum the peer read). */
    public long transfer(long seq) {
        if (handOver != null) {
            Payload.touchLines(handOver.fresh(privateBuffer.byteSize()), seq);
            handOver.handOver();
        } else if (area == null) {
            Payload.touchLines(privateBuffer, seq);
            channel.send(privateBuffer);
        } else {
            return throughArea(seq);
        }
        channel.receive(ack);
        return ack.get(ValueLayout.JAVA_LONG, 0);
    }

    // Through the shared area, in rounds (one when not chunked); every round is answered, the last with the whole sum.
    private long throughArea(long seq) {
        if (!inPlace) {
            Payload.touchLines(privateBuffer, seq);
        }
        int n = rounds.rounds();
        for (int k = 0; k < n; k++) {
            if (k >= 2) {
                channel.receive(ack); // round k - 2's: that half of the area is free again
            }
            if (inPlace) {
                Payload.touchLines(rounds.chunkIn(area, k), seq);
            } else {
                shared.copyIntoArea(privateBuffer, rounds.payloadOffset(k), rounds.areaOffset(k), rounds.length(k));
            }
            channel.send(notice);
        }
        for (int k = Math.max(0, n - 2); k < n; k++) {
            channel.receive(ack);
        }
        return ack.get(ValueLayout.JAVA_LONG, 0);
    }
}
