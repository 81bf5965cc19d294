package dev.ipcmark.peer;

import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.Payload;
import java.lang.foreign.MemorySegment;

/** The peer's side of ping-pong: receive a message, send the same bytes back, until the channel is aborted. */
final class EchoLoop {
    private EchoLoop() {}

    /** Echoes messages of {@code buffer}'s size; with {@code verify}, checks each one's sequence and checksum first. */
    static void run(Channel channel, MemorySegment buffer, boolean verify) {
        for (long seq = 0; ; seq++) {
            channel.receive(buffer);
            if (verify) {
                Payload.check(buffer, seq);
            }
            InjectedDelay.pause();
            channel.send(buffer);
        }
    }
}
