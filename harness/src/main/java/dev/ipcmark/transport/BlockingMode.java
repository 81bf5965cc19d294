package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.util.Arrays;
import java.util.List;

/** How a process waits when there is nothing to read or no room to write: the {@value #KNOB} knob. */
public enum BlockingMode {
    /** The call sleeps in the kernel until it can proceed. */
    BLOCKING("blocking"),
    /** O_NONBLOCK, and the call is retried at once on EAGAIN: lowest wake-up latency, one core busy per process. */
    NONBLOCKING_SPIN("nonblocking-spin"),
    /** O_NONBLOCK, and on EAGAIN the process sleeps in {@code poll(2)} until the descriptor is ready. */
    NONBLOCKING_POLL("nonblocking-poll");

    /** The knob's name in scenario files and case keys. */
    public static final String KNOB = "mode";

    private final String id;

    BlockingMode(String id) {
        this.id = id;
    }

    /** The external id. */
    public String id() {
        return id;
    }

    /** The knob, with every mode allowed and {@code blocking} the default. */
    static Knob knob() {
        return Knob.choice(
                KNOB,
                "how a process waits for data or room: sleep in the call, retry on EAGAIN, or wait in poll(2)",
                Arrays.stream(values()).map(BlockingMode::id).toList());
    }

    /** The mode {@code spec} asks for ({@code blocking} when it names none). */
    static BlockingMode of(CaseSpec spec) {
        String id = spec.knobs().getOrDefault(KNOB, BLOCKING.id);
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + KNOB + " '" + id + "'; allowed: "
                        + String.join(", ", List.of(BLOCKING.id, NONBLOCKING_SPIN.id, NONBLOCKING_POLL.id))));
    }

    /** True for the modes that set O_NONBLOCK. */
    boolean nonBlocking() {
        return this != BLOCKING;
    }
}
