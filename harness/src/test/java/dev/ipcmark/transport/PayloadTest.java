package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class PayloadTest {
    @Test
    void shouldAcceptWhatItFilledAtEverySize() {
        for (int size : new int[] {1, 7, 8, 15, 16, 63, 4095, 65537}) {
            MemorySegment m = MemorySegment.ofArray(new byte[size]);
            Payload.fill(m, 42);
            assertThatCode(() -> Payload.check(m, 42)).as("size %d", size).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldDetectAWrongSequenceAndAFlippedByte() {
        MemorySegment m = MemorySegment.ofArray(new byte[4096]);
        Payload.fill(m, 7);
        assertThatThrownBy(() -> Payload.check(m, 8)).hasMessageContaining("carries sequence number 7");
        m.set(ValueLayout.JAVA_BYTE, 2000, (byte) (m.get(ValueLayout.JAVA_BYTE, 2000) ^ 1));
        assertThatThrownBy(() -> Payload.check(m, 7)).hasMessageContaining("fails its CRC32C");
        MemorySegment small = MemorySegment.ofArray(new byte[12]);
        Payload.fill(small, 3);
        small.set(ValueLayout.JAVA_BYTE, 10, (byte) (small.get(ValueLayout.JAVA_BYTE, 10) ^ 1));
        assertThatThrownBy(() -> Payload.check(small, 3)).hasMessageContaining("differs at byte 10");
    }
}
