package dev.ipcmark.scenario;

/**
 * In which order a run measures its cases' forks ({@code jmh.order}).
 *
 * <p>{@link #RMIT}: randomized multiple interleaved trials (Abedi and Brecht, "Conducting Repeatable Experiments in
 * Highly Variable Cloud Computing Environments", ICPE 2017): round <em>r</em> runs fork <em>r</em> of every case, in
 * a fresh random order each round, so that a slow spell of a shared machine touches many cases a little instead of
 * one case entirely. {@link #SEQUENTIAL}: all forks of a case, then the next case, in the scenario's order.
 */
public enum ForkOrder implements Identified {
    /** Randomized multiple interleaved trials: the default when a case has several forks. */
    RMIT("rmit"),
    /** Every fork of one case, then the next case. */
    SEQUENTIAL("sequential");

    private final String id;

    ForkOrder(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
