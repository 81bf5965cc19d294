package dev.ipcmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.transport.FanInMessage;
import dev.ipcmark.transport.TransportException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanInLedgerTest {
    private final Arena arena = Arena.ofConfined();
    private final FanInLedger ledger = new FanInLedger(new long[] {101, 4_194_303});

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment message(long pid, long seq) {
        MemorySegment m = arena.allocate(64);
        FanInMessage.stamp(m, pid, seq, true, true);
        return m;
    }

    private MemorySegment last(long pid, long count) {
        MemorySegment m = arena.allocate(64);
        FanInMessage.stampFinal(m, pid, count);
        return m;
    }

    @Test
    void shouldCountEachProducersMessagesInterleavedInAnyOrder() {
        assertThat(ledger.take(message(101, 0), true)).isZero();
        assertThat(ledger.take(message(4_194_303, 0), true)).isEqualTo(1);
        ledger.take(message(4_194_303, 1), true);
        ledger.take(message(101, 1), true);
        ledger.take(last(101, 2), true);
        assertThat(ledger.allFinished()).isFalse();
        ledger.take(last(4_194_303, 2), true);
        assertThat(ledger.allFinished()).isTrue();
        assertThat(ledger.received()).containsExactly(2, 2);
    }

    @Test
    void shouldFailOnAGapADuplicateOrAShortFinalCount() {
        ledger.take(message(101, 0), true);
        assertThatThrownBy(() -> ledger.take(message(101, 2), true))
                .isInstanceOf(TransportException.class)
                .hasMessage("producer 101 message 2 arrived when 1 was due: messages were lost or reordered");
        assertThatThrownBy(() -> ledger.take(message(101, 0), true))
                .hasMessage("producer 101 message 0 arrived when 1 was due: messages were duplicated or reordered");
        assertThatThrownBy(() -> ledger.take(last(101, 3), true))
                .hasMessage("producer 101 says it sent 3 messages, 1 arrived: messages were lost or reordered");
    }

    @Test
    void shouldFailOnAStrangerADamagedBodyOrMessagesAfterTheFinalOne() {
        assertThatThrownBy(() -> ledger.take(message(7, 0), true))
                .hasMessage("a message from PID 7, which is none of the producers [101, 4194303]");
        MemorySegment damaged = message(101, 0);
        damaged.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 40, (byte)
                ~damaged.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 40));
        assertThatThrownBy(() -> ledger.take(damaged, true)).hasMessageContaining("fails its CRC32C");
        ledger.take(last(4_194_303, 0), true);
        assertThatThrownBy(() -> ledger.take(message(4_194_303, 0), true))
                .hasMessage("producer 4194303 sent message 0 after its final one");
    }
}
