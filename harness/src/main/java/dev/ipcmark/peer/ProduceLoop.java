package dev.ipcmark.peer;

import dev.ipcmark.scenario.Stamps;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.FanInMessage;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;

/**
 * A fan-in producer: sends numbered messages ({@link FanInMessage}) flat out, the mailbox's back-pressure its only
 * brake, until {@code finishing} opens; then sends its final message, which tells the receiver how many came before.
 */
final class ProduceLoop {
    private ProduceLoop() {}

    /**
     * Sends messages of {@code buffer}'s size, stamped with their send time when {@code stamps} says so; with {@code
     * verify}, each one's body is checkable contents.
     */
    static void run(Channel channel, MemorySegment buffer, Stamps stamps, boolean verify, CountDownLatch finishing) {
        boolean sendTime = stamps == Stamps.SEND_TIME;
        long pid = ProcessHandle.current().pid();
        long sent = 0;
        while (finishing.getCount() > 0) {
            FanInMessage.stamp(buffer, pid, sent, verify, sendTime);
            InjectedDelay.pause();
            channel.send(buffer);
            sent++;
        }
        FanInMessage.stampFinal(buffer, pid, sent);
        channel.send(buffer);
    }
}
