package dev.ipcmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CaseSpecTest {
    @Test
    void shouldRoundTripTheCanonicalKey() {
        TreeMap<String, String> knobs = new TreeMap<>();
        knobs.put("sync", "spin");
        CaseSpec spec = new CaseSpec(Pattern.PING_PONG, "shm", 4096, knobs);
        assertThat(spec.key()).isEqualTo("ping-pong/shm/sync=spin/size=4KiB");
        assertThat(spec.fileName()).isEqualTo("ping-pong_shm_sync-spin_size-4KiB");
        assertThat(CaseSpec.parse(spec.key())).isEqualTo(spec);
    }

    @Test
    void shouldRejectMalformedKeys() {
        assertThatThrownBy(() -> CaseSpec.parse("ping-pong/shm")).hasMessageContaining("must look like");
        assertThatThrownBy(() -> CaseSpec.parse("pong/shm/size=1")).hasMessageContaining("unknown pattern 'pong'");
        assertThatThrownBy(() -> CaseSpec.parse("ping-pong/shm/sync")).hasMessageContaining("not knob=value");
        assertThatThrownBy(() -> CaseSpec.parse("ping-pong/shm/sync=spin")).hasMessageContaining("no size=N");
    }

    @Test
    void shouldExpandBlocksInOrderOnceEachWithSkipReasons() {
        Scenario s = new Scenario(
                "x",
                "",
                "x.yaml",
                JmhSettings.DEFAULTS,
                List.of(
                        new CaseBlock(Pattern.PING_PONG, List.of("a", "b"), List.of(1L, 2L)),
                        new CaseBlock(Pattern.PING_PONG, List.of("b"), List.of(2L))),
                GateSpec.DEFAULTS,
                java.time.Duration.ZERO);
        var cases = CaseMatrix.expand(
                s,
                TransportCatalog.withoutKnobs(List.of("a", "b")),
                c -> c.transport().equals("b") ? Optional.of("no b here") : Optional.empty());
        assertThat(cases)
                .extracting(c -> c.spec().key() + " " + c.skipReason().orElse("runs"))
                .containsExactly(
                        "ping-pong/a/size=1 runs",
                        "ping-pong/a/size=2 runs",
                        "ping-pong/b/size=1 no b here",
                        "ping-pong/b/size=2 no b here");
    }
}
