package dev.ipcmark.report;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short series names for cases: the transport, plus the knobs whose values differ among the cases of that transport
 * and pattern in the run (the knobs that hold still say nothing), e.g. {@code shm sync=futex}.
 */
final class Labels {
    private final Map<String, Set<String>> varying = new HashMap<>();

    Labels(List<CaseRow> cases) {
        Map<String, Map<String, Set<String>>> values = new HashMap<>();
        for (CaseRow c : cases) {
            Map<String, Set<String>> byKnob = values.computeIfAbsent(group(c), g -> new HashMap<>());
            c.knobs().forEach((k, v) -> byKnob.computeIfAbsent(k, x -> new HashSet<>())
                    .add(v));
        }
        values.forEach((g, byKnob) -> varying.put(
                g,
                byKnob.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet())));
    }

    private static String group(CaseRow c) {
        return c.pattern() + "/" + c.transport();
    }

    /** The series name of {@code c}, without its size. */
    String of(CaseRow c) {
        Set<String> shown = varying.getOrDefault(group(c), Set.of());
        StringBuilder label = new StringBuilder(c.transport());
        c.knobs().forEach((k, v) -> {
            if (shown.contains(k)) {
                label.append(' ').append(k).append('=').append(v);
            }
        });
        return label.toString();
    }
}
