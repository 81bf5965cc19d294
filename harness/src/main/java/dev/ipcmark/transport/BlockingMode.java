package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Knob;

/** How a process waits when there is nothing to read or no room to write: the {@value #KNOB} knob. */
public enum BlockingMode implements Identified {
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
    @Override
    public String id() {
        return id;
    }

    /** The knob, with every mode allowed and {@code blocking} the default. */
    static Knob knob() {
        return KNOB_DECLARED;
    }

    private static final Knob KNOB_DECLARED = Knob.choice(
                    KNOB,
                    "how a process waits for data or room: sleep in the call, retry on EAGAIN, or wait in poll(2)",
                    Identified.ids(BlockingMode.class))
            .asStrategy();

    /** The mode {@code spec} asks for ({@code blocking} when it names none). */
    static BlockingMode of(CaseSpec spec) {
        return spec.choice(KNOB_DECLARED, BlockingMode.class);
    }

    /** True for the modes that set O_NONBLOCK. */
    boolean nonBlocking() {
        return this != BLOCKING;
    }
}
