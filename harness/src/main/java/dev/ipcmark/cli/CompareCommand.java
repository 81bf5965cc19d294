package dev.ipcmark.cli;

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
            "A change is a regression only when it is significant (Mann-Whitney U test and a bootstrap interval of"
                    + " the ratio of medians, forks resampled first) and larger than the metric's threshold from the"
                    + " current run's scenario (gate section) or --threshold. Too noisy to tell is 'inconclusive'.",
            "Exit status: 0 no regression, 1 at least one regression (or a case that ran in the baseline failed),"
                    + " 2 the comparison could not be made."
        })
final class CompareCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "BASELINE",
            description =
                    "The baseline: a run directory, or the name of a baseline saved with 'ipcmark baseline save'.")
    private String baseline;

    @Parameters(
            index = "1",
            paramLabel = "CURRENT",
            description = "The run to judge: a run directory, or a saved baseline's name.")
    private String current;

    @Mixin
    private GateOptions gate;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return gate.compare(
                    Baselines.resolve(baseline, gate.baselinesRoot()),
                    Baselines.resolve(current, gate.baselinesRoot()),
                    spec.commandLine().getOut());
        } catch (GateException e) {
            spec.commandLine().getErr().println("ipcmark compare: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
