package dev.ipcmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static CaseRow row(String transport, List<double[]> p50s) {
        return new CaseRow(
                "ping-pong/" + transport + "/size=64",
                "ping-pong",
                transport,
                64,
                new LinkedHashMap<>(),
                "ok",
                "",
                Map.of("p50", p50s.getFirst()[0], "p99", 2 * p50s.getFirst()[0]),
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                Map.of("p50", p50s),
                new LinkedHashMap<>());
    }

    @Test
    void shouldSayWhenTheWinnerRestsOnOneForkAndWhenItCannotTell() {
        CaseRow shm = row("shm", List.of(new double[] {200, 201, 199}));
        CaseRow pipe = row("pipe", List.of(new double[] {5000, 5100, 4900}));
        Labels labels = new Labels(List.of(shm, pipe));
        assertThat(Summary.howSure(shm, pipe, false, labels))
                .isEqualTo("shm faster than pipe in 100 % of resamples, one fork");

        CaseRow a = row("shm", List.of(new double[] {200, 900}, new double[] {210, 880}));
        CaseRow b = row("pipe", List.of(new double[] {300, 700}, new double[] {250, 800}));
        assertThat(Summary.howSure(a, b, false, new Labels(List.of(a, b))))
                .startsWith("cannot tell shm from pipe on this run (ahead in ")
                .doesNotContain("one fork");

        CaseRow few = row("shm", List.of(new double[] {200}));
        assertThat(Summary.howSure(few, pipe, false, labels))
                .isEqualTo("cannot tell shm from pipe: too few iterations recorded");
    }
}
