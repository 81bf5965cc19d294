package dev.ipcmark.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Change points on a real series: the p50 of every case of {@code scenarios/ci.yaml} over the runs of one
 * {@code scripts/gate-self-check} on this project's VM (15 runs of unchanged code, then 10 with a 20 µs peer delay,
 * then 10 with 250 ns), kept as a fixture. The 20 µs step is where every case changed; the unchanged runs hold none.
 */
class ChangePointsRealSeriesTest {
    private record Point(String phase, double p50) {}

    private static Map<String, List<Point>> series() throws IOException {
        Map<String, List<Point>> byCase = new LinkedHashMap<>();
        try (Reader in = new InputStreamReader(
                ChangePointsRealSeriesTest.class.getResourceAsStream("/change-points/ci-delay-series.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                byCase.computeIfAbsent(r.get("case"), k -> new ArrayList<>())
                        .add(new Point(r.get("phase"), Double.parseDouble(r.get("p50_ns"))));
            }
        }
        return byCase;
    }

    @Test
    void shouldFindTheInjectedDelayInEveryCaseAndNothingBeforeIt() throws IOException {
        Map<String, List<Point>> series = series();
        assertThat(series).hasSize(12);
        for (Map.Entry<String, List<Point>> s : series.entrySet()) {
            List<Point> points = s.getValue();
            int delayed = points.indexOf(points.stream()
                    .filter(p -> p.phase().equals("20us"))
                    .findFirst()
                    .orElseThrow());
            List<ChangePoints.Change> changes =
                    ChangePoints.of(points.stream().mapToDouble(Point::p50).toArray(), ChangePoints.DEFAULT_MAX_P);
            assertThat(changes)
                    .as("%s: a change where the 20 us delay starts, run %d", s.getKey(), delayed)
                    .anySatisfy(c -> assertThat(c.index()).isEqualTo(delayed));
            assertThat(changes)
                    .as("%s: no change among the unchanged runs", s.getKey())
                    .allSatisfy(c -> assertThat(c.index()).isGreaterThanOrEqualTo(delayed));
        }
    }
}
