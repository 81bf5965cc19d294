package dev.ipcmark.cli;

import dev.ipcmark.gate.Baseline;
import dev.ipcmark.gate.Baselines;
import dev.ipcmark.gate.GateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcmark compare BASELINE CURRENT}: the regression verdict of one run against another. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare a run with a baseline, case by case (matched by case key), metric by metric (p50, p99,"
                    + " throughput), using every iteration's numbers from both runs.",
            "Each run is summarised by its median (of p50, p99, throughput); the runs' medians are compared on a"
                    + " log scale with a t-test whose spread comes from the baseline's runs (from resampling the one"
                    + " run's forks and iterations when the baseline has fewer than 3). A change is a regression when"
                    + " its 95%% interval lies entirely beyond the metric's threshold (the baseline scenario's gate"
                    + " section, or --threshold), Holm-corrected over all tests; 'unchanged' needs the interval"
                    + " inside the threshold (equivalence test); anything else says it cannot tell and why.",
            "Exit status: 0 no regression, 1 at least one regression (or a case that ran in the baseline failed),"
                    + " 2 the comparison could not be made."
        })
final class CompareCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "BASELINE",
            description =
                    "The baseline: a run directory, the name of a baseline saved with 'ipcmark baseline save', or the"
                            + " store's history: store:branch=main[,last=20][,machine-class=NAME][,scenario=NAME]"
                            + " (default machine class and scenario: the current run's).")
    private String baseline;

    @Parameters(
            index = "1",
            paramLabel = "CURRENT",
            description = "The run to judge: a run directory, or a saved baseline's name.")
    private String current;

    @Mixin
    private GateOptions gate;

    @Mixin
    private StoreAccess store;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            // The baseline is named first, so a wrong one is the one reported.
            BaselineSource source = BaselineSource.resolve(baseline, gate.baselinesRoot());
            Baseline cur = Baseline.read(Baselines.resolve(current, gate.baselinesRoot()));
            Baseline base = source.read(
                    store.location(),
                    cur.runs().getLast().scenarioName(),
                    cur.runs().getLast().identity().machineClass());
            return gate.compare(base, cur, spec.commandLine().getOut());
        } catch (GateException e) {
            spec.commandLine().getErr().println("ipcmark compare: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
