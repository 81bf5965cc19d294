package dev.ipcmark.scenario;

import com.fasterxml.jackson.core.JsonToken;
import dev.ipcmark.scenario.YamlNode.Field;
import dev.ipcmark.scenario.YamlNode.Mapping;
import dev.ipcmark.scenario.YamlNode.Scalar;
import dev.ipcmark.scenario.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading a scenario's YAML nodes as the values they must be (a list, a mapping with known keys, a count in range, a
 * size, a duration, a percentage), each failure a {@link ScenarioException} naming the line, the key and what is
 * allowed.
 */
final class YamlValues {
    private YamlValues() {}

    static <T> List<T> list(YamlNode node, String key, Function<YamlNode, T> item) {
        List<YamlNode> items =
                switch (node) {
                    case Sequence s -> s.items();
                    case Scalar s -> List.of(s);
                    case Mapping m ->
                        throw new ScenarioException(m.where(), "'" + key + "' must be a list, not a mapping");
                };
        if (items.isEmpty()) {
            throw new ScenarioException(node.where(), "'" + key + "' must not be empty");
        }
        List<T> values = new ArrayList<>();
        for (YamlNode n : items) {
            T value = item.apply(n);
            if (values.contains(value)) {
                throw new ScenarioException(n.where(), "'" + key + "' lists " + scalarText(n) + " twice");
            }
            values.add(value);
        }
        return values;
    }

    /** A list of values from {@code allowed} (a single value is a list of one, and it may be empty). */
    static List<String> choices(YamlNode node, String key, List<String> allowed) {
        if (node instanceof Sequence s && s.items().isEmpty()) {
            return List.of();
        }
        return list(node, key, n -> {
            String value = text(n, key);
            if (!allowed.contains(value)) {
                throw new ScenarioException(
                        n.where(), "unknown " + key + " value '" + value + "'; allowed: " + String.join(", ", allowed));
            }
            return value;
        });
    }

    static Mapping mapping(YamlNode node, String what) {
        if (node instanceof Mapping m) {
            return m;
        }
        throw new ScenarioException(node.where(), what + " must be a mapping of keys to values");
    }

    static void checkKeys(Mapping m, String what, List<String> allowed) {
        for (Field f : m.fields().values()) {
            if (!allowed.contains(f.key())) {
                throw new ScenarioException(
                        f.keyWhere(),
                        "unknown key '" + f.key() + "' in " + what + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    static YamlNode require(Mapping m, String key, String what) {
        Field f = m.fields().get(key);
        if (f == null) {
            throw new ScenarioException(m.where(), what + " is missing the required key '" + key + "'");
        }
        return f.value();
    }

    static Optional<YamlNode> optional(Mapping m, String key) {
        return Optional.ofNullable(m.fields().get(key)).map(Field::value);
    }

    static String text(YamlNode node, String key) {
        if (node instanceof Scalar s && s.text() != null) {
            return s.text();
        }
        throw new ScenarioException(node.where(), "'" + key + "' must be a single value");
    }

    static String scalarText(YamlNode node) {
        return node instanceof Scalar s ? "'" + s.text() + "'" : "a value";
    }

    static int count(YamlNode node, String key, int min, int max) {
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                int value = Integer.parseInt(s.text());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new ScenarioException(
                node.where(),
                "'" + key + "' must be a whole number from " + min + " to " + max + ", got " + scalarText(node));
    }

    static long size(YamlNode node, String key) {
        try {
            return Sizes.parse(text(node, key));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(node.where(), "bad size in '" + key + "': " + e.getMessage());
        }
    }

    static Duration duration(YamlNode node, String key) {
        return ScenarioLoader.positiveDuration(text(node, key), node.where(), "'" + key + "'");
    }

    static double percent(YamlNode node, String key) {
        try {
            return GateSpec.parsePercent(text(node, key));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(node.where(), "'" + key + "': " + e.getMessage());
        }
    }
}
