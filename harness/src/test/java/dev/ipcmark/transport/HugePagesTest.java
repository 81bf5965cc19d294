package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** segment: sysv-huge runs exactly where the huge page pool has room for the segment, and says why not elsewhere. */
class HugePagesTest {
    @Test
    void shouldRunOnlyWhenThePoolHasRoomAndSayHowToMakeIt() throws IOException {
        long free = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("HugePages_Free:"))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
                .findFirst()
                .orElse(0);
        Support small = SegmentKind.SYSV_HUGE.check(4096);
        if (free == 0) {
            assertThat(small.runs()).isFalse();
            assertThat(small.reason())
                    .hasValueSatisfying(r -> assertThat(r).contains("echo 1 > /proc/sys/vm/nr_hugepages"));
        }
        // Far more than any pool: refused, with the count it would take.
        Support huge = SegmentKind.SYSV_HUGE.check(1L << 40);
        assertThat(huge.runs()).isFalse();
        assertThat(SegmentKind.SYSV_HUGE.huge()).isTrue();
        assertThat(SegmentKind.SYSV_HUGE.sysv()).isTrue();
        assertThat(SegmentKind.POSIX.huge()).isFalse();
    }
}
