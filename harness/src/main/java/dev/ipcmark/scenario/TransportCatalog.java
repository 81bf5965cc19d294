package dev.ipcmark.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The transports a scenario may name, each with the knobs it understands, in registry order. The scenario package
 * validates and expands against it without knowing the transports themselves.
 *
 * @param knobsByTransport each transport id with its knobs, in declaration order
 * @param patternKnobs the knobs a transport adds for one pattern only, by transport id
 */
public record TransportCatalog(
        SequencedMap<String, List<Knob>> knobsByTransport, Map<String, Map<Pattern, List<Knob>>> patternKnobs) {
    /** Copies the maps, keeping the transports' order. */
    public TransportCatalog {
        SequencedMap<String, List<Knob>> copy = new LinkedHashMap<>();
        knobsByTransport.forEach((id, knobs) -> copy.put(id, List.copyOf(knobs)));
        knobsByTransport = copy;
        patternKnobs = Map.copyOf(patternKnobs);
    }

    /** A catalog whose transports add no knobs for particular patterns. */
    public TransportCatalog(SequencedMap<String, List<Knob>> knobsByTransport) {
        this(knobsByTransport, Map.of());
    }

    /** A catalog of transports without knobs. */
    public static TransportCatalog withoutKnobs(List<String> ids) {
        SequencedMap<String, List<Knob>> map = new LinkedHashMap<>();
        ids.forEach(id -> map.put(id, List.of()));
        return new TransportCatalog(map);
    }

    /** Every transport id, in registry order. */
    public List<String> ids() {
        return List.copyOf(knobsByTransport.keySet());
    }

    /** The knobs of {@code transport}, in declaration order (none for an unknown id). */
    public List<Knob> knobs(String transport) {
        return knobsByTransport.getOrDefault(transport, List.of());
    }

    /**
     * The knobs of a {@code pattern} case over {@code transport}: the pattern's, the transport's for that pattern, the
     * transport's own, then placement.
     */
    public List<Knob> knobs(Pattern pattern, String transport) {
        List<Knob> all = new ArrayList<>(pattern.knobs());
        all.addAll(patternKnobs.getOrDefault(transport, Map.of()).getOrDefault(pattern, List.of()));
        all.addAll(knobs(transport));
        all.addAll(CpuPlacement.knobs(pattern));
        return all;
    }

    /** The knob {@code name} of a {@code pattern} case over {@code transport}, if it has one. */
    public Optional<Knob> knob(Pattern pattern, String transport, String name) {
        return knobs(pattern, transport).stream()
                .filter(k -> k.name().equals(name))
                .findFirst();
    }

    /** Every knob name of {@code pattern} cases over the given transports, first appearance first. */
    public List<String> knobNames(Pattern pattern, List<String> transports) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        transports.forEach(t -> knobs(pattern, t).forEach(k -> names.put(k.name(), true)));
        return List.copyOf(names.keySet());
    }
}
