package dev.ipcmark.gate;

import dev.ipcmark.scenario.Metric;
import java.util.Locale;

/**
 * The comparison of one metric of one case.
 *
 * @param caseKey the case
 * @param metric the metric
 * @param verdict what the comparison says
 * @param baseline median of the baseline's samples, all runs pooled (NaN when there were none)
 * @param current median of the current run's samples (NaN when there were none)
 * @param estimate the change with its interval, p-values and detectable change (null when not tested)
 * @param iterationP one-sided Mann–Whitney p-value over iterations in the direction of the change (NaN when untested)
 * @param thresholdPercent the smallest change that counts, in percent
 * @param baselineSamples how many iterations the baseline had, over all its runs
 * @param currentSamples how many iterations the current run had
 * @param note one sentence saying why the verdict is what it is
 */
public record MetricResult(
        String caseKey,
        Metric metric,
        Verdict verdict,
        double baseline,
        double current,
        RunLevelTest.Estimate estimate,
        double iterationP,
        double thresholdPercent,
        int baselineSamples,
        int currentSamples,
        String note) {

    /** This result with another verdict and note. */
    public MetricResult with(Verdict newVerdict, String newNote) {
        return new MetricResult(
                caseKey,
                metric,
                newVerdict,
                baseline,
                current,
                estimate,
                iterationP,
                thresholdPercent,
                baselineSamples,
                currentSamples,
                newNote);
    }

    /**
     * Whether the gate measures this case again before its verdict stands: it regressed, or it could not be told
     * (too noisy, inconclusive) while its change lies past the threshold in the worse direction. Two runs of the
     * current code shrink the standard error of the change (to √(1/2 + 1/R) from √(1 + 1/R) for R baseline runs), so
     * a shift one run could not tell from noise may be told over both.
     */
    public boolean suspect() {
        if (verdict == Verdict.REGRESSED) {
            return true;
        }
        if ((verdict != Verdict.NOISY && verdict != Verdict.INCONCLUSIVE) || estimate == null) {
            return false;
        }
        return MetricJudge.pastThresholdWorse(metric, estimate.ratio(), thresholdPercent / 100);
    }

    /** The change in percent, signed ({@code +12.5}); NaN when not computed. */
    public double changePercent() {
        return estimate == null ? Double.NaN : (estimate.ratio() - 1) * 100;
    }

    /** The smallest change this comparison would detect, in percent; NaN when not computed. */
    public double detectablePercent() {
        return estimate == null ? Double.NaN : estimate.detectablePercent();
    }

    /** The change as text: {@code +12.5%}, or {@code –} when not computed. */
    public String change() {
        return estimate == null ? "–" : String.format(Locale.ROOT, "%+.1f%%", changePercent());
    }

    /** The confidence interval of the change as text: {@code [+3.1%, +20.4%]}, or {@code –}. */
    public String changeInterval() {
        return estimate == null ? "–" : "[" + percent(estimate.low()) + ", " + percent(estimate.high()) + "]";
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }
}
