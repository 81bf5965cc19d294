package dev.ipcmark.transport;

/**
 * What integration tests share, as JUnit resource locks: the failsafe run executes test classes two at a time, and
 * these keep apart the ones that would disturb each other. (A class whose methods need different locks holds them all
 * through every method. Moving the CPU lock onto each method of three such classes, so that their methods that start
 * no run do not hold {@link #IPCMARK_RUNS}, changed nothing: 391 s of integration tests against 387 s on clean clones,
 * 2026-12-03; they are bound by the two CPUs, not by the lock.)
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
