package dev.ipcmark.scenario;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One case: a pattern, a transport, a message size and the transport's knobs. Its {@link #key()} is the canonical,
 * readable and parseable name used everywhere a case is named: JMH's {@code @Param}, CSV rows, file names, the peer's
 * arguments.
 *
 * @param pattern what is measured
 * @param transport the transport id
 * @param messageBytes payload size of one message
 * @param knobs transport knobs by name (e.g. {@code sync=spin}), sorted
 */
public record CaseSpec(Pattern pattern, String transport, long messageBytes, SortedMap<String, String> knobs) {

    /** Validates and copies. */
    public CaseSpec {
        if (messageBytes < 1) {
            throw new IllegalArgumentException("message size must be at least 1 byte, got " + messageBytes);
        }
        if (transport.isEmpty() || transport.contains("/")) {
            throw new IllegalArgumentException("bad transport id '" + transport + "'");
        }
        knobs = new TreeMap<>(knobs);
    }

    /** A case without knobs. */
    public static CaseSpec of(Pattern pattern, String transport, long messageBytes) {
        return new CaseSpec(pattern, transport, messageBytes, new TreeMap<>());
    }

    /** {@code ping-pong/shm/sync=spin/size=64}: pattern, transport, knobs in name order, then the size. */
    public String key() {
        StringBuilder key = new StringBuilder(pattern.id()).append('/').append(transport);
        for (Map.Entry<String, String> knob : knobs.entrySet()) {
            key.append('/').append(knob.getKey()).append('=').append(knob.getValue());
        }
        return key.append("/size=").append(Sizes.format(messageBytes)).toString();
    }

    /** The key made safe as a file name: {@code ping-pong_shm_sync-spin_size-64}. */
    public String fileName() {
        return fileNameOf(key());
    }

    /** The file name of the case whose key is {@code key} (see {@link #fileName()}): no slash is left in it. */
    public static String fileNameOf(String key) {
        return key.replace('/', '_').replace('=', '-');
    }

    private static final java.util.regex.Pattern KEY_PART =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._,:+-]*(=[A-Za-z0-9._,:+-]+)?");

    /** Parses a {@link #key()} back; throws {@link IllegalArgumentException} saying what is wrong. */
    public static CaseSpec parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length < 3) {
            throw new IllegalArgumentException(
                    "case key '" + key + "' must look like pattern/transport[/knob=value…]/size=N");
        }
        for (String part : parts) {
            // A key becomes a file name (fileName()): nothing in it may be a path of its own.
            if (!KEY_PART.matcher(part).matches()) {
                throw new IllegalArgumentException("case key '" + key + "' has the part '" + part + "', which is not"
                        + " letters, digits and . _ , : + - (with one =)");
            }
        }
        Pattern pattern = Pattern.byId(parts[0])
                .orElseThrow(() -> new IllegalArgumentException("case key '" + key + "' has unknown pattern '"
                        + parts[0] + "'; allowed: " + String.join(", ", Pattern.ids())));
        SortedMap<String, String> knobs = new TreeMap<>();
        Long size = null;
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("case key '" + key + "' has '" + parts[i] + "', not knob=value");
            }
            String name = parts[i].substring(0, eq);
            String value = parts[i].substring(eq + 1);
            if (name.equals("size")) {
                size = Sizes.parse(value);
            } else {
                knobs.put(name, value);
            }
        }
        if (size == null) {
            throw new IllegalArgumentException("case key '" + key + "' has no size=N");
        }
        return new CaseSpec(pattern, parts[1], size, knobs);
    }

    /** The value of {@code knob} in this case, or its default when the case does not set it. */
    public String knob(Knob knob) {
        return knobs.getOrDefault(knob.name(), knob.defaultValue());
    }

    /**
     * The value of the knob named {@code name} among {@code declared} (a transport's knobs, whose limits may depend on
     * the machine) in this case, or that declaration's default: the default is declared once, where the knob is.
     */
    public String knob(List<Knob> declared, String name) {
        return declared.stream()
                .filter(k -> k.name().equals(name))
                .findFirst()
                .map(this::knob)
                .orElseThrow(() -> new IllegalArgumentException("no knob '" + name + "' is declared here"));
    }

    /** The constant of {@code type} that the choice {@code knob} names in this case, or its default's. */
    public <E extends Enum<E> & Identified> E choice(Knob knob, Class<E> type) {
        return Identified.require(type, knob(knob), knob.name());
    }

    /** The value of the numeric {@code knob} in this case, or its default. */
    public long number(Knob knob) {
        return Long.parseLong(knob(knob));
    }

    @Override
    public String toString() {
        return key();
    }
}
