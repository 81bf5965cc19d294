package dev.ipcmark.peer;

import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.Payload;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The peer's side of stream: receive messages, and after every {@code batch} of them send an 8-byte acknowledgement
 * holding the number received so far, until the channel is aborted.
 */
final class SinkLoop {
    private SinkLoop() {}

    /** Takes messages of {@code buffer}'s size; with {@code verify}, checks each one's sequence and checksum. */
    static void run(Channel channel, MemorySegment buffer, MemorySegment ack, int batch, boolean verify) {
        for (long received = 0; ; ) {
            for (int i = 0; i < batch; i++) {
                channel.receive(buffer);
                if (verify) {
                    Payload.check(buffer, received);
                }
                InjectedDelay.pause();
                received++;
            }
            ack.set(ValueLayout.JAVA_LONG, 0, received);
            channel.send(ack);
        }
    }
}
