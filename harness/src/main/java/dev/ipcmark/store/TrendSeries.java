package dev.ipcmark.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case's history on one machine class (runs of different machines are never one series), with its change points
 * when they were asked for.
 *
 * @param caseKey the case
 * @param machineClass the machines' class
 * @param points the points, oldest first
 * @param changes where the series shifted, in order
 */
public record TrendSeries(String caseKey, String machineClass, List<History.Point> points, List<Shift> changes) {
    /** Copies the lists. */
    public TrendSeries {
        points = List.copyOf(points);
        changes = List.copyOf(changes);
    }

    /**
     * A change point with the run it starts at.
     *
     * @param at the first point after the change
     * @param index its position in the series
     * @param before the mean of the points since the previous change
     * @param after the mean of the points up to the next one
     * @param pValue the corrected p-value of the t-test between them
     */
    public record Shift(History.Point at, int index, double before, double after, double pValue) {
        /** The change in percent of the mean before. */
        public double percent() {
            return (after / before - 1) * 100;
        }
    }

    /**
     * {@code points} (sorted by case, then time, as {@link Store#history} returns them) as series; each searched for
     * change points at {@code maxP} when it is above 0.
     */
    public static List<TrendSeries> of(List<History.Point> points, double maxP) {
        Map<List<String>, List<History.Point>> grouped = new LinkedHashMap<>();
        for (History.Point p : points) {
            grouped.computeIfAbsent(List.of(p.caseKey(), p.machineClass()), k -> new ArrayList<>())
                    .add(p);
        }
        List<TrendSeries> series = new ArrayList<>();
        for (Map.Entry<List<String>, List<History.Point>> e : grouped.entrySet()) {
            List<History.Point> ps = e.getValue();
            List<Shift> shifts = new ArrayList<>();
            if (maxP > 0) {
                double[] values = ps.stream().mapToDouble(History.Point::value).toArray();
                for (ChangePoints.Change c : ChangePoints.of(values, maxP)) {
                    shifts.add(new Shift(ps.get(c.index()), c.index(), c.before(), c.after(), c.pValue()));
                }
            }
            series.add(new TrendSeries(e.getKey().get(0), e.getKey().get(1), ps, shifts));
        }
        return series;
    }
}
