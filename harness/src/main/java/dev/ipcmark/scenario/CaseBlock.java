package dev.ipcmark.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * One entry of a scenario's {@code cases} list: a pattern crossed with transports, message sizes and knob values.
 *
 * @param pattern what is measured
 * @param transports transport ids, in file order
 * @param messageSizes payload sizes in bytes, in file order
 * @param knobs knob values set by the block, by knob name, canonical and in file order; a knob it does not set takes
 *     the transport's default, and a knob applies only to the block's transports that have it
 * @param warmup the block's own warm-up, in place of the scenario's ({@code jmh.warmup}) for its cases: e.g. cases
 *     whose two processes spin on both CPUs, which leaves the JIT compilers none, settle later than the others
 * @param forks the block's own forks, in place of the scenario's ({@code jmh.forks}) for its cases: e.g. cases whose
 *     forks settle at levels of their own, which a gate tells apart from a change only over more of them
 */
public record CaseBlock(
        Pattern pattern,
        List<String> transports,
        List<Long> messageSizes,
        SequencedMap<String, List<String>> knobs,
        Optional<Phase> warmup,
        Optional<Integer> forks) {
    /** Copies the lists and map so the block is immutable. */
    public CaseBlock {
        transports = List.copyOf(transports);
        messageSizes = List.copyOf(messageSizes);
        SequencedMap<String, List<String>> copy = new LinkedHashMap<>();
        knobs.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        knobs = java.util.Collections.unmodifiableSequencedMap(copy);
    }

    /** A block with the scenario's forks and warm-up. */
    public CaseBlock(
            Pattern pattern,
            List<String> transports,
            List<Long> messageSizes,
            SequencedMap<String, List<String>> knobs) {
        this(pattern, transports, messageSizes, knobs, Optional.empty(), Optional.empty());
    }

    /** A block that sets no knobs. */
    public CaseBlock(Pattern pattern, List<String> transports, List<Long> messageSizes) {
        this(pattern, transports, messageSizes, new LinkedHashMap<>());
    }

    /** This block with other transports. */
    public CaseBlock withTransports(List<String> ids) {
        return new CaseBlock(pattern, ids, messageSizes, knobs, warmup, forks);
    }

    /** This block with other message sizes. */
    public CaseBlock withMessageSizes(List<Long> sizes) {
        return new CaseBlock(pattern, transports, sizes, knobs, warmup, forks);
    }

    /** This block with knob {@code name} set to {@code values}. */
    public CaseBlock withKnob(String name, List<String> values) {
        SequencedMap<String, List<String>> copy = new LinkedHashMap<>(knobs);
        copy.put(name, values);
        return new CaseBlock(pattern, transports, messageSizes, copy, warmup, forks);
    }

    /** This block with its own warm-up, or the scenario's when {@code phase} is null. */
    public CaseBlock withWarmup(Phase phase) {
        return new CaseBlock(pattern, transports, messageSizes, knobs, Optional.ofNullable(phase), forks);
    }

    /** This block with its own forks, or the scenario's when {@code count} is null. */
    public CaseBlock withForks(Integer count) {
        return new CaseBlock(pattern, transports, messageSizes, knobs, warmup, Optional.ofNullable(count));
    }
}
