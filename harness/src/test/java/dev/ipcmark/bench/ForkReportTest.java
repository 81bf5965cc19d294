package dev.ipcmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.nativeio.ThreadUsage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkReportTest {
    @Test
    void theHostReadsEveryFieldTheForkWrote(@TempDir Path scratch) {
        ForkReport written = new ForkReport(
                123_456,
                7_890_123,
                2_000_000_017L,
                new ThreadUsage(11, 12, 13, 14, 15, 16),
                new ThreadUsage(21, 22, 23, 24, 25, 26),
                new long[] {5, 6},
                new double[] {61_728.5, 0.1 + 0.2},
                new double[] {181.25, 224.5});

        written.writeTo(scratch.resolve("42" + ForkReport.SUFFIX));
        List<ForkReport> read = ForkReport.readAll(scratch);

        assertThat(read).singleElement().usingRecursiveComparison().isEqualTo(written);
    }

    @Test
    void anUnknownPeerStaysUnknown(@TempDir Path scratch) {
        ForkReport written = ForkReport.empty().plus(3, 192, 0, ThreadUsage.ZERO, null, new long[0], 180.5);

        written.writeTo(scratch.resolve("43" + ForkReport.SUFFIX));

        assertThat(ForkReport.readAll(scratch)).singleElement().satisfies(r -> {
            assertThat(r.peer()).isNull();
            assertThat(r.operations()).isEqualTo(3);
            assertThat(r.rates()).isEmpty();
            assertThat(r.kernelEntryNs()).containsExactly(180.5);
        });
    }
}
