package dev.ipcmark.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --baselines-dir} option of every command that saves or reads baselines. */
final class BaselinesDir {
    @Option(
            names = "--baselines-dir",
            paramLabel = "DIR",
            description = "Where saved baselines are (default: baselines/ next to the launcher).")
    private Path dir;

    /** The directory holding one subdirectory per saved baseline. */
    Path root() {
        return dir != null ? dir : Main.home().resolve("baselines");
    }
}
