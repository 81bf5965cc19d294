package dev.ipcmark.cli;

import dev.ipcmark.bench.MeasuringLock;
import dev.ipcmark.results.ResultsException;
import dev.ipcmark.scenario.ScenarioException;
import dev.ipcmark.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ipcmark} command: measures and explains the cost of inter-process communication on Linux. */
@Command(
        name = "ipcmark",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Measures and explains the cost of inter-process communication on Linux:"
                + " real messages between two real processes, measured by JMH, every latency in an HdrHistogram.",
        subcommands = {
            RunCommand.class,
            CompareCommand.class,
            BaselineCommand.class,
            ReportCommand.class,
            ListCommand.class,
            EnvCommand.class,
            CleanCommand.class,
            StoreCommand.class,
            HistoryCommand.class,
            // picocli's own: `source <(ipcmark generate-completion)` completes commands, options and values.
            picocli.AutoComplete.GenerateCompletion.class
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  done (skipped cases are not failures); compare/--gate: no regression",
            "  1  compare/--gate: at least one regression",
            "  2  bad input: a scenario, option or run that cannot be used; a comparison that cannot be made",
            "  3  the run finished but at least one case failed",
            "  4  ipcmark itself failed",
            "  5  the machine stopped the work: results directory full or read-only, TMPDIR unusable, another run"
                    + " measuring (with --no-wait), an object clean could not remove",
            "",
            "Run 'ipcmark COMMAND --help' for a command's options."
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        prepareProcess();
        System.exit(commandLine().execute(args));
    }

    /** What the command's JVM sets up before it runs a command. */
    static void prepareProcess() {
        SessionTemp.adopt();
        // ipcmark holds its own machine-wide lock while it measures (MeasuringLock); JMH's, a file in the shared
        // temporary directory, would only make a second run fail every case instead of waiting.
        System.setProperty("jmh.ignoreLock", "true");
        // Every JDK ipcmark runs on (25+) has compiler blackholes: spare JMH the probe JVM it starts per case to
        // find that out.
        System.setProperty("jmh.blackhole.mode", "COMPILER");
    }

    /** The configured picocli command line (tests execute it in-process). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ScenarioException
                    || e instanceof dev.ipcmark.gate.GateException
                    || (e instanceof StoreException s && s.badInput())) {
                commandLine.getErr().println("ipcmark: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (e instanceof EnvironmentException
                    || e instanceof ResultsException
                    || e instanceof MeasuringLock.HeldException
                    || e instanceof StoreException) {
                commandLine.getErr().println("ipcmark: " + e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
            commandLine.getErr().println("ipcmark: " + e);
            e.printStackTrace(commandLine.getErr());
            return ExitCodes.INTERNAL;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("ipcmark: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitCodes.BAD_INPUT;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where ipcmark is installed: the launcher passes its directory; scenarios/ and results/ live there. */
    static Path home() {
        return Path.of(System.getProperty("ipcmark.home", ".")).toAbsolutePath().normalize();
    }

    /** Versions baked in at build time. */
    static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/ipcmark.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties v = versions();
            return new String[] {
                "ipcmark " + v.getProperty("version", "unknown"),
                "JMH " + v.getProperty("jmh", "unknown") + ", HdrHistogram " + v.getProperty("hdrhistogram", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
