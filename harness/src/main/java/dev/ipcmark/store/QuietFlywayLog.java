package dev.ipcmark.store;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's log, kept off ipcmark's console: a run's output is its progress and results, not "Successfully validated 1
 * migration". Warnings and errors still reach stderr.
 */
public final class QuietFlywayLog implements LogCreator {
    /** Made by Flyway, by class name. */
    public QuietFlywayLog() {}

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                System.err.println("ipcmark store: " + message);
            }

            @Override
            public void error(String message) {
                System.err.println("ipcmark store: " + message);
            }

            @Override
            public void error(String message, Exception e) {
                System.err.println("ipcmark store: " + message + ": " + e.getMessage());
            }

            @Override
            public void notice(String message) {}
        };
    }
}
