package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Placements against this machine's own topology: a kernel CPU list is read as the kernel writes it, and
 * smt-siblings, numa-remote and A+B run exactly where the machine has such a pair, and say why not elsewhere.
 */
class CpuPlanIT {
    @Test
    void shouldReadKernelCpuLists() throws IOException {
        Path file = Files.createTempFile("cpulist", ".txt");
        try {
            Files.writeString(file, "0-2,8,10-11\n");
            assertThat(CpuPlan.cpuList(file)).containsExactly(0, 1, 2, 8, 10, 11);
            Files.writeString(file, "zero");
            assertThat(CpuPlan.cpuList(file)).isEmpty();
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void shouldPlaceOnAPairOfSiblingsOnlyWhereTheKernelListsOne() {
        List<Integer> allowed = Affinity.allowedCpus();
        boolean siblings = allowed.stream()
                .anyMatch(a ->
                        CpuPlan.cpuList(Path.of("/sys/devices/system/cpu/cpu" + a + "/topology/thread_siblings_list"))
                                .stream()
                                .anyMatch(b -> !b.equals(a) && allowed.contains(b)));
        Support smt = CpuPlan.check(spec("smt-siblings"));
        assertThat(smt.runs()).isEqualTo(siblings);
        if (siblings) {
            CpuPlan plan = CpuPlan.of(spec("smt-siblings"));
            assertThat(plan.measuring()).isNotEqualTo(plan.peer());
        } else {
            assertThat(smt.reason()).hasValueSatisfying(r -> assertThat(r).contains("hardware threads of one core"));
        }
    }

    @Test
    void shouldPinANamedPairAndRefuseACpuThisProcessMayNotUse() {
        List<Integer> allowed = Affinity.allowedCpus();
        if (allowed.size() >= 2) {
            String pair = allowed.get(1) + "+" + allowed.get(0);
            assertThat(CpuPlan.of(spec(pair))).isEqualTo(new CpuPlan(allowed.get(1), allowed.get(0)));
        }
        int outside = allowed.getLast() + 1;
        Support refused = CpuPlan.check(spec(allowed.getFirst() + "+" + outside));
        assertThat(refused.runs()).isFalse();
        assertThat(refused.reason())
                .hasValueSatisfying(r -> assertThat(r).contains("names a CPU this process may not use"));
    }

    private static CaseSpec spec(String cpus) {
        return new CaseSpec(Pattern.PING_PONG, "pipe", 64, new TreeMap<>(Map.of("cpus", cpus)));
    }
}
