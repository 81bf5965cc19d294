package dev.ipcmark.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class ShmTest {
    @Test
    void shouldMapAnonymousMemoryZeroedAndWritableAndRefuseItsUseOnceUnmapped() {
        long bytes = 3 * 4096 + 100;
        MemorySegment segment;
        try (Shm.Mapping mapping = Shm.anonymous(bytes)) {
            segment = mapping.segment();
            assertThat(segment.byteSize()).isEqualTo(bytes);
            assertThat(segment.asSlice(0, bytes).mismatch(MemorySegment.ofArray(new byte[(int) bytes])))
                    .as("zeroed")
                    .isEqualTo(-1);
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, bytes - 8, 0x1234_5678_9abcL);
            assertThat(segment.get(ValueLayout.JAVA_LONG_UNALIGNED, bytes - 8)).isEqualTo(0x1234_5678_9abcL);
        }
        assertThatThrownBy(() -> segment.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }
}
