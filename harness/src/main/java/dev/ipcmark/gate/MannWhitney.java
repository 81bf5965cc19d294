package dev.ipcmark.gate;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * The Mann–Whitney U test (Apache Commons Statistics: exact p-values for small samples without ties, the normal
 * approximation with continuity and tie corrections otherwise): whether one sample's values tend to lie above
 * another's, with no assumption that latencies are normal. The gate asks it at the level of iterations, beside its
 * test at the level of runs, before it calls a change a regression.
 */
public final class MannWhitney {
    private static final MannWhitneyUTest TWO_SIDED = MannWhitneyUTest.withDefaults();
    private static final MannWhitneyUTest GREATER = TWO_SIDED.with(AlternativeHypothesis.GREATER_THAN);

    private MannWhitney() {}

    /**
     * A test's outcome.
     *
     * @param u the U statistic of the first sample
     * @param pValue the p-value
     */
    public record Result(double u, double pValue) {}

    /** Two-sided: do {@code a} and {@code b} come from populations with different locations? */
    public static Result test(double[] a, double[] b) {
        return of(TWO_SIDED.test(a, b));
    }

    /** One-sided: do {@code a}'s values tend to lie above {@code b}'s? */
    public static Result greater(double[] a, double[] b) {
        return of(GREATER.test(a, b));
    }

    /** The library's result; all values tied leaves no evidence of a difference: p = 1 (the library says NaN). */
    private static Result of(MannWhitneyUTest.Result r) {
        return new Result(r.getStatistic(), Double.isNaN(r.getPValue()) ? 1 : r.getPValue());
    }
}
