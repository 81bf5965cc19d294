package dev.ipcmark.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Expands a scenario into its cases, in file order, each with the reason it cannot run here, if any. */
public final class CaseMatrix {
    private CaseMatrix() {}

    /**
     * One case of the matrix.
     *
     * @param spec the case
     * @param skipReason why it cannot run on this machine, or empty when it can
     * @param warmup the warm-up of the block it came from, when that block has its own
     * @param forks the forks of the block it came from, when that block has its own
     */
    public record PlannedCase(
            CaseSpec spec, Optional<String> skipReason, Optional<Phase> warmup, Optional<Integer> forks) {
        /** A case with the scenario's forks and warm-up. */
        public PlannedCase(CaseSpec spec, Optional<String> skipReason) {
            this(spec, skipReason, Optional.empty(), Optional.empty());
        }

        /** How this case is measured: {@code scenario}'s settings, with its block's warm-up and forks if it has them. */
        public JmhSettings jmh(JmhSettings scenario) {
            JmhSettings own = warmup.map(scenario::withWarmup).orElse(scenario);
            return forks.map(own::withForks).orElse(own);
        }
    }

    /** The most forks any of {@code cases} is measured with under {@code scenario}'s settings (at least one). */
    public static int mostForks(List<PlannedCase> cases, JmhSettings scenario) {
        return cases.stream().mapToInt(c -> c.jmh(scenario).forks()).max().orElse(1);
    }

    /**
     * Whether the forks of {@code cases} interleave under {@code scenario}'s settings: RMIT, and some case has more than
     * one fork (its block's or the scenario's).
     */
    public static boolean interleaved(List<PlannedCase> cases, JmhSettings scenario) {
        return scenario.order() == ForkOrder.RMIT && mostForks(cases, scenario) > 1;
    }

    /**
     * Every case of {@code scenario}: blocks in order, then transports, then every combination of knob values (each of
     * the pattern's and the transport's knobs, the block's values or the default), then sizes. A case listed twice
     * (two blocks naming the same combination) is kept once, with the first block's warm-up and forks. {@code support}
     * gives the reason a case cannot run, or empty.
     */
    public static List<PlannedCase> expand(
            Scenario scenario, TransportCatalog catalog, Function<CaseSpec, Optional<String>> support) {
        Map<CaseSpec, CaseBlock> specs = new LinkedHashMap<>();
        for (CaseBlock block : scenario.cases()) {
            for (String transport : block.transports()) {
                for (TreeMap<String, String> knobs : combinations(block, catalog.knobs(block.pattern(), transport))) {
                    for (long size : block.messageSizes()) {
                        specs.putIfAbsent(new CaseSpec(block.pattern(), transport, size, knobs), block);
                    }
                }
            }
        }
        List<PlannedCase> cases = new ArrayList<>();
        specs.forEach(
                (spec, block) -> cases.add(new PlannedCase(spec, support.apply(spec), block.warmup(), block.forks())));
        return cases;
    }

    private static List<TreeMap<String, String>> combinations(CaseBlock block, List<Knob> knobs) {
        List<TreeMap<String, String>> combos = new ArrayList<>();
        combos.add(new TreeMap<>());
        for (Knob knob : knobs) {
            List<String> values = block.knobs().getOrDefault(knob.name(), List.of(knob.defaultValue()));
            List<TreeMap<String, String>> next = new ArrayList<>();
            for (TreeMap<String, String> combo : combos) {
                for (String value : values) {
                    TreeMap<String, String> extended = new TreeMap<>(combo);
                    // A knob added later stays out of the key at its default: keys of runs made before it still match.
                    if (knob.keyedAtDefault() || !value.equals(knob.defaultValue())) {
                        extended.put(knob.name(), value);
                    }
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos;
    }
}
