package dev.ipcmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The cpus knob: its named placements, two CPUs A+B, and what is wrong with anything else. */
class CpuPlacementTest {
    @Test
    void shouldAcceptTheNamedPlacementsAndAPairOfDifferentCpus() {
        Knob knob = CpuPlacement.KNOB;
        for (String ok : new String[] {"split", "same", "free", "smt-siblings", "numa-remote", "0+1", "3+12"}) {
            assertThat(knob.problem(ok)).as(ok).isEmpty();
        }
        assertThat(knob.problem("0+0")).hasValueSatisfying(p -> assertThat(p).contains("two different CPUs"));
        assertThat(knob.problem("0-1")).hasValueSatisfying(p -> assertThat(p).contains("joined by '+'"));
        assertThat(knob.problem("1+99999")).isPresent();
        assertThat(knob.problem("A+B")).isPresent();
        assertThat(knob.canonical(" 02+1 ")).isEqualTo("2+1");
        assertThat(knob.allowed()).startsWith("split, same, free, smt-siblings, numa-remote, or two CPUs A+B");
    }

    @Test
    void shouldTellAPairFromANamedPlacement() {
        CaseSpec pair = new CaseSpec(Pattern.PING_PONG, "pipe", 64, new TreeMap<>(Map.of("cpus", "1+0")));
        CaseSpec same = new CaseSpec(Pattern.PING_PONG, "pipe", 64, new TreeMap<>(Map.of("cpus", "same")));
        CaseSpec unset = CaseSpec.of(Pattern.PING_PONG, "pipe", 64);

        assertThat(CpuPlacement.of(pair)).isEqualTo(CpuPlacement.PAIR);
        assertThat(CpuPlacement.pair(pair))
                .hasValueSatisfying(c -> assertThat(c).containsExactly(1, 0));
        assertThat(CpuPlacement.of(same)).isEqualTo(CpuPlacement.SAME);
        assertThat(CpuPlacement.pair(same)).isEmpty();
        assertThat(CpuPlacement.of(unset)).isEqualTo(CpuPlacement.SPLIT);
        // Left out of the key at its default only.
        assertThat(pair.key()).contains("cpus=1+0");
        assertThat(unset.key()).doesNotContain("cpus");
    }
}
