package dev.ipcmark.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The communication patterns a case can measure; {@link #id} is what scenario files and case keys use. */
public enum Pattern {
    /** Round-trip latency: send a message, wait for the same bytes to come back. */
    PING_PONG("ping-pong", "round-trip latency: one message out, the same bytes echoed back");

    private final String id;
    private final String description;

    Pattern(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The external id, e.g. {@code ping-pong}. */
    public String id() {
        return id;
    }

    /** One line saying what the pattern measures. */
    public String description() {
        return description;
    }

    /** The pattern with this id, if any. */
    public static Optional<Pattern> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    /** Every id, for error messages and listings. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Pattern::id).toList();
    }
}
