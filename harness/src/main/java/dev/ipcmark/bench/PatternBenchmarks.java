package dev.ipcmark.bench;

import dev.ipcmark.scenario.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * Which benchmark class measures each pattern: the classes in JMH's own benchmark list (written by its annotation
 * processor at build time) that carry {@link Measures}. So a new pattern's benchmark class registers itself by its
 * annotation, and a pattern measured by no class, or by two, is an error the contract test reports.
 */
public final class PatternBenchmarks {
    private static final Map<Pattern, List<Class<? extends CaseBenchmark>>> BY_PATTERN = scan();

    private PatternBenchmarks() {}

    /** The one benchmark class that measures {@code pattern}. */
    public static Class<? extends CaseBenchmark> of(Pattern pattern) {
        List<Class<? extends CaseBenchmark>> classes = classes(pattern);
        if (classes.size() != 1) {
            throw new IllegalStateException(
                    "pattern " + pattern.id() + " must be measured by exactly one benchmark class, found " + classes);
        }
        return classes.getFirst();
    }

    /** Every benchmark class that says it measures {@code pattern} (one, when the build is sound). */
    public static List<Class<? extends CaseBenchmark>> classes(Pattern pattern) {
        return BY_PATTERN.getOrDefault(pattern, List.of());
    }

    private static Map<Pattern, List<Class<? extends CaseBenchmark>>> scan() {
        Map<Pattern, List<Class<? extends CaseBenchmark>>> map = new EnumMap<>(Pattern.class);
        Set<String> seen = new HashSet<>();
        for (BenchmarkListEntry entry : entries()) {
            String name = entry.getUserClassQName();
            if (!seen.add(name)) {
                continue; // one entry per @Benchmark method
            }
            Class<?> type = load(name);
            Measures measures = type.getAnnotation(Measures.class);
            if (measures != null && CaseBenchmark.class.isAssignableFrom(type)) {
                map.computeIfAbsent(measures.value(), p -> new ArrayList<>()).add(type.asSubclass(CaseBenchmark.class));
            }
        }
        return map;
    }

    private static List<BenchmarkListEntry> entries() {
        try (InputStream in = PatternBenchmarks.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            if (in == null) {
                throw new IllegalStateException(
                        "JMH's benchmark list " + BenchmarkList.BENCHMARK_LIST + " is missing from the class path");
            }
            return BenchmarkList.readBenchmarkList(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PatternBenchmarks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("JMH lists " + name + ", which is not on the class path", e);
        }
    }
}
