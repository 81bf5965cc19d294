package dev.ipcmark.report;

import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.TransportCatalog;
import dev.ipcmark.transport.TransportKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short series names for cases: the transport, plus the knobs whose values differ among the cases of that transport
 * and pattern in the run (the knobs that hold still say nothing), e.g. {@code shm sync=futex}. A knob a case's key
 * leaves out at its default ({@code network}, {@code busy-poll} …) counts as that default, so that
 * {@code tcp network=loopback} and {@code tcp network=veth} are two series, not one.
 */
final class Labels {
    private static final TransportCatalog CATALOG = TransportKind.catalog();

    private final Map<String, Set<String>> varying = new HashMap<>();

    Labels(List<CaseRow> cases) {
        Map<String, Set<String>> named = new HashMap<>();
        for (CaseRow c : cases) {
            named.computeIfAbsent(group(c), g -> new HashSet<>())
                    .addAll(c.knobs().keySet());
        }
        Map<String, Map<String, Set<String>>> values = new HashMap<>();
        for (CaseRow c : cases) {
            Map<String, Set<String>> byKnob = values.computeIfAbsent(group(c), g -> new HashMap<>());
            for (String knob : named.get(group(c))) {
                byKnob.computeIfAbsent(knob, x -> new HashSet<>()).add(value(c, knob));
            }
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

    // The case's value of a knob, or the knob's declared default when its key leaves it out.
    private static String value(CaseRow c, String knob) {
        String value = c.knobs().get(knob);
        if (value != null) {
            return value;
        }
        return Pattern.byId(c.pattern())
                .flatMap(p -> CATALOG.knob(p, c.transport(), knob))
                .map(Knob::defaultValue)
                .orElse("default");
    }

    /** The series name of {@code c}, without its size. */
    String of(CaseRow c) {
        Set<String> shown = varying.getOrDefault(group(c), Set.of());
        StringBuilder label = new StringBuilder(c.transport());
        shown.stream()
                .sorted()
                .forEach(k -> label.append(' ').append(k).append('=').append(value(c, k)));
        return label.toString();
    }
}
