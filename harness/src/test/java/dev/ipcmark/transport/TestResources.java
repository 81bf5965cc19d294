package dev.ipcmark.transport;

/**
 * What integration tests share, as JUnit resource locks: the failsafe run executes test classes two at a time, and
 * these keep apart the ones that would disturb each other. A lock on a class is held through all of its methods, and
 * JUnit adds its methods' locks to it: a class whose methods need different locks declares them on each method, so
 * that its methods that start no run of ipcmark do not hold {@link #IPCMARK_RUNS} while the runs of other classes
 * wait for it.
 */
public final class TestResources {
    /**
     * Runs of ipcmark: they take the machine-wide measuring lock, and some tests assert who holds it, or run {@code
     * clean}, which removes every left-over object it finds.
     */
    public static final String IPCMARK_RUNS = "ipcmark-runs";

    /** The {@link Leftovers} registry and the objects named with this JVM's PID, which in-process tests check. */
    public static final String THIS_JVM_OBJECTS = "this-jvm-objects";

    /** The CPUs: read-shared by most tests, taken alone by a test whose verdict depends on a quiet machine. */
    public static final String CPUS = "cpus";

    private TestResources() {}
}
