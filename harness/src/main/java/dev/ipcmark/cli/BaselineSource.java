package dev.ipcmark.cli;

import dev.ipcmark.gate.Baseline;
import dev.ipcmark.gate.Baselines;
import dev.ipcmark.gate.GateException;
import dev.ipcmark.gate.RunSamples;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.store.HistoryBaseline;
import dev.ipcmark.store.Store;
import dev.ipcmark.store.StoreLocation;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code --baseline} names: a run directory, a saved baseline, or the store's history
 * ({@code store:branch=main,last=20…}), resolved and checked before anything is measured.
 *
 * @param spec as given
 * @param dir the directory (null for a history baseline)
 * @param history the history query (null for a directory)
 */
record BaselineSource(String spec, Path dir, HistoryBaseline history) {
    /** Resolves {@code spec}; throws {@link GateException} or a bad-input {@code StoreException} when it is unusable. */
    static BaselineSource resolve(String spec, Path baselinesRoot) {
        if (HistoryBaseline.is(spec)) {
            return new BaselineSource(spec, null, HistoryBaseline.parse(spec));
        }
        Path dir = Baselines.resolve(spec, baselinesRoot);
        Baseline.read(dir);
        return new BaselineSource(spec, dir, null);
    }

    /**
     * The baseline's runs; for a history baseline those of {@code store} for a run of {@code scenarioName} on a
     * machine of {@code machineClass}.
     */
    Baseline read(StoreLocation store, String scenarioName, String machineClass) {
        if (history == null) {
            return Baseline.read(dir);
        }
        try (Store s = Store.open(store)) {
            List<RunRecord> runs = history.runs(s, scenarioName, machineClass);
            return Baseline.of(
                    Path.of(history.describe(scenarioName, machineClass)),
                    runs.stream()
                            .map(r -> RunSamples.of(Path.of(store.shown() + "#" + r.runId()), r))
                            .toList());
        }
    }
}
