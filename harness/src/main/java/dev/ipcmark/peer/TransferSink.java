package dev.ipcmark.peer;

import dev.ipcmark.transport.AreaRounds;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.HandOver;
import dev.ipcmark.transport.Payload;
import dev.ipcmark.transport.SharedArea;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The peer's side of transfer: take each payload, read every cache line of it where it landed, and acknowledge it with
 * 8 bytes (the sum read, so the reads cannot be optimised away). Over a channel with a {@link SharedArea} the payload is
 * read in place and the channel carries only an 8-byte notification; over a {@link HandOver} channel it is mapped
 * where it was handed over and read there; otherwise it arrives through the channel into {@code buffer}. A chunked
 * transfer through the area is read and acknowledged chunk by chunk ({@link AreaRounds}).
 */
final class TransferSink {
    private TransferSink() {}

    /** Acknowledges transfers until the channel is aborted. */
    static void run(Channel channel, AreaRounds rounds, MemorySegment buffer, MemorySegment notice, MemorySegment ack) {
        MemorySegment area = channel instanceof SharedArea shared ? shared.sharedArea() : null;
        while (true) {
            long sum;
            if (area != null) {
                sum = 0;
                int n = rounds.rounds();
                for (int k = 0; k < n; k++) {
                    channel.receive(notice);
                    sum += Payload.readLines(rounds.chunkIn(area, k));
                    if (k < n - 1) {
                        ack.set(ValueLayout.JAVA_LONG, 0, sum);
                        channel.send(ack);
                    }
                }
            } else if (channel instanceof HandOver handOver) {
                sum = Payload.readLines(handOver.take(buffer.byteSize()));
                handOver.release();
            } else {
                channel.receive(buffer);
                sum = Payload.readLines(buffer);
            }
            InjectedDelay.pause();
            ack.set(ValueLayout.JAVA_LONG, 0, sum);
            channel.send(ack);
        }
    }
}
