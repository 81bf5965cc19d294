package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One interval per iteration in the .hlog: what was recorded in it, when, under its tag; nothing from between. */
class LatencyRecorderTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteEachIntervalWithOnlyItsOwnValuesAndItsTimes() throws Exception {
        Path hlog = dir.resolve("case.hlog");
        try (LatencyRecorder recorder = new LatencyRecorder(hlog)) {
            recorder.record(999_999); // before any interval: warm-up, discarded
            for (int interval = 1; interval <= 3; interval++) {
                recorder.startInterval();
                for (int i = 0; i < 1000 * interval; i++) {
                    recorder.record(interval * 1000L);
                }
                recorder.part("step").record(interval * 7L);
                Thread.sleep(5);
                recorder.endInterval();
                recorder.record(888_888); // between intervals: discarded by the next start
            }
        }
        List<Histogram> main = new ArrayList<>();
        List<Histogram> steps = new ArrayList<>();
        for (Histogram h : read(hlog)) {
            (h.getTag() == null ? main : steps).add(h);
        }
        assertThat(main).hasSize(3);
        assertThat(steps).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Histogram h = main.get(i);
            assertThat(h.getTotalCount()).isEqualTo(1000L * (i + 1));
            assertThat(h.valuesAreEquivalent(h.getMinValue(), (i + 1) * 1000L)).isTrue();
            assertThat(h.valuesAreEquivalent(h.getMaxValue(), (i + 1) * 1000L)).isTrue();
            // The log keeps start and length as seconds with three decimals, and reading them back adds doubles and
            // truncates to milliseconds: an interval's stamps may come back 1 ms off (15 % of 300 repetitions here).
            assertThat(h.getEndTimeStamp() - h.getStartTimeStamp()).isGreaterThanOrEqualTo(5 - 1);
            if (i > 0) {
                assertThat(h.getStartTimeStamp())
                        .isGreaterThanOrEqualTo(main.get(i - 1).getEndTimeStamp() - 1);
            }
            assertThat(steps.get(i).getTag()).isEqualTo("step");
            assertThat(steps.get(i).getTotalCount()).isEqualTo(1);
            assertThat(steps.get(i).getMaxValue()).isEqualTo((i + 1) * 7L);
        }
    }

    @Test
    void shouldWriteEpochSecondsWithThreeDecimals() {
        assertThat(LatencyRecorder.epochSeconds(1_764_633_600_005L)).isEqualTo("1764633600.005");
        assertThat(LatencyRecorder.epochSeconds(1_764_633_600_120L)).isEqualTo("1764633600.120");
        assertThat(LatencyRecorder.epochSeconds(1_764_633_600_999L)).isEqualTo("1764633600.999");
        assertThat(LatencyRecorder.epochSeconds(0)).isEqualTo("0.000");
    }

    @Test
    void shouldNameTheLogsStartTimeAsHdrHistogramsReaderReadsIt() throws Exception {
        Path hlog = dir.resolve("start.hlog");
        long before = System.currentTimeMillis();
        try (LatencyRecorder recorder = new LatencyRecorder(hlog)) {
            recorder.startInterval();
            recorder.record(1000);
            recorder.endInterval();
        }
        long after = System.currentTimeMillis();
        try (InputStream in = new FileInputStream(hlog.toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            assertThat(reader.nextIntervalHistogram()).isNotNull();
            assertThat(reader.getStartTimeSec()).isBetween(before / 1000.0, after / 1000.0);
        }
        assertThat(Files.readAllLines(hlog))
                .anySatisfy(line -> assertThat(line).startsWith("#[StartTime: ").endsWith("Z]"));
    }

    @Test
    void shouldRefuseToEndAnIntervalOnAnotherThreadThanTheOneRecordingIt() throws Exception {
        try (LatencyRecorder recorder = new LatencyRecorder(null)) {
            recorder.startInterval();
            recorder.record(1000);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    recorder.endInterval();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.start();
            other.join();
            assertThat(thrown.get())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the thread that started it");
            recorder.endInterval();
        }
    }

    @Test
    void shouldRefuseToEndAnIntervalNeverStarted() {
        try (LatencyRecorder recorder = new LatencyRecorder(null)) {
            assertThatThrownBy(recorder::endInterval)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the thread that started it");
        }
    }

    private static List<Histogram> read(Path hlog) throws IOException {
        assertThat(Files.size(hlog)).isPositive();
        List<Histogram> found = new ArrayList<>();
        try (InputStream in = new FileInputStream(hlog.toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                found.add((Histogram) h);
            }
        }
        return found;
    }
}
