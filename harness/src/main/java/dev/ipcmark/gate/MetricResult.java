package dev.ipcmark.gate;

import java.util.Locale;

/**
 * The comparison of one metric of one case.
 *
 * @param caseKey the case
 * @param metric the metric
 * @param verdict what the comparison says
 * @param baseline median of the baseline's samples (NaN when there were none)
 * @param current median of the current run's samples (NaN when there were none)
 * @param interval current ÷ baseline with its bootstrap confidence interval (null when not computed)
 * @param pValue two-sided Mann–Whitney p-value (NaN when not computed)
 * @param thresholdPercent the smallest change that counts, in percent
 * @param baselineSamples how many iterations the baseline had
 * @param currentSamples how many iterations the current run had
 * @param note one sentence saying why the verdict is what it is
 */
public record MetricResult(
        String caseKey,
        Metric metric,
        Verdict verdict,
        double baseline,
        double current,
        BootstrapRatio.Interval interval,
        double pValue,
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
                interval,
                pValue,
                thresholdPercent,
                baselineSamples,
                currentSamples,
                newNote);
    }

    /** The change of the median in percent, signed ({@code +12.5}); NaN when not computed. */
    public double changePercent() {
        return interval == null ? Double.NaN : (interval.ratio() - 1) * 100;
    }

    /** The change as text: {@code +12.5%}, or {@code –} when not computed. */
    public String change() {
        return interval == null ? "–" : String.format(Locale.ROOT, "%+.1f%%", changePercent());
    }

    /** The confidence interval of the change as text: {@code [+3.1%, +20.4%]}, or {@code –}. */
    public String changeInterval() {
        return interval == null ? "–" : "[" + percent(interval.low()) + ", " + percent(interval.high()) + "]";
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }
}
