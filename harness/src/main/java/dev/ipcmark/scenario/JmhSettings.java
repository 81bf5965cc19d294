package dev.ipcmark.scenario;

import java.time.Duration;
import java.util.List;

/**
 * How JMH measures each case: forks, warmup and measurement iterations with their durations, and the per-iteration
 * stall timeout after which a hung case fails.
 *
 * @param forks benchmark JVMs per case, each with its own peer process
 * @param warmupIterations iterations whose results are thrown away
 * @param warmupTime length of one warmup iteration
 * @param measurementIterations iterations that are measured and recorded in the histograms
 * @param measurementTime length of one measurement iteration
 * @param timeout the longest a case may go without completing an operation before it fails as hung (a stopped or
 *     stuck peer); also passed to JMH as its iteration timeout
 * @param profilers JMH profilers to run with every case ({@link #PROFILERS}); a profiler this machine cannot run is
 *     noted on each case instead
 * @param order in which order the forks of the cases run ({@link ForkOrder}); it matters only with several forks
 */
public record JmhSettings(
        int forks,
        int warmupIterations,
        Duration warmupTime,
        int measurementIterations,
        Duration measurementTime,
        Duration timeout,
        List<String> profilers,
        ForkOrder order) {

    /**
     * The profilers a scenario may ask for: {@code gc} (allocation per operation: the measured path should allocate
     * nothing), {@code perfnorm} (hardware counters per operation through Linux perf) and {@code flame} (where both
     * processes spend CPU time, kernel included: async-profiler's collapsed stacks and a flame graph per process).
     */
    public static final List<String> PROFILERS = List.of("gc", "perfnorm", "flame");

    /** The most forks a case may have. */
    public static final int MAX_FORKS = 100;

    /** The most warmup or measurement iterations a fork may have. */
    public static final int MAX_ITERATIONS = 10_000;

    /** Copies {@code profilers}. */
    public JmhSettings {
        profilers = List.copyOf(profilers);
    }

    /** Settings without profilers, forks in the default order. */
    public JmhSettings(
            int forks,
            int warmupIterations,
            Duration warmupTime,
            int measurementIterations,
            Duration measurementTime,
            Duration timeout) {
        this(
                forks,
                warmupIterations,
                warmupTime,
                measurementIterations,
                measurementTime,
                timeout,
                List.of(),
                ForkOrder.RMIT);
    }

    /** What a scenario gets for every key it leaves out. */
    public static final JmhSettings DEFAULTS =
            new JmhSettings(1, 3, Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** {@code --quick}: enough to see that every case runs and roughly where it lands. */
    public static final JmhSettings QUICK =
            new JmhSettings(1, 1, Duration.ofMillis(300), 2, Duration.ofMillis(300), Duration.ofSeconds(60));

    /** The wall time one fork needs for its iterations (JVM start-up not included). */
    public Duration iterationTimePerFork() {
        return warmupTime.multipliedBy(warmupIterations).plus(measurementTime.multipliedBy(measurementIterations));
    }

    /** These settings with {@code count} forks per case. */
    public JmhSettings withForks(int count) {
        return new JmhSettings(
                count, warmupIterations, warmupTime, measurementIterations, measurementTime, timeout, profilers, order);
    }

    /** These settings with other profilers. */
    public JmhSettings withProfilers(List<String> names) {
        return new JmhSettings(
                forks, warmupIterations, warmupTime, measurementIterations, measurementTime, timeout, names, order);
    }

    /** These settings with another per-iteration timeout. */
    public JmhSettings withTimeout(Duration newTimeout) {
        return new JmhSettings(
                forks,
                warmupIterations,
                warmupTime,
                measurementIterations,
                measurementTime,
                newTimeout,
                profilers,
                order);
    }

    /** These settings with another warm-up. */
    public JmhSettings withWarmup(Phase warmup) {
        return new JmhSettings(
                forks,
                warmup.iterations(),
                warmup.time(),
                measurementIterations,
                measurementTime,
                timeout,
                profilers,
                order);
    }

    /** These settings with another fork order. */
    public JmhSettings withOrder(ForkOrder newOrder) {
        return new JmhSettings(
                forks,
                warmupIterations,
                warmupTime,
                measurementIterations,
                measurementTime,
                timeout,
                profilers,
                newOrder);
    }
}
