package dev.ipcmark.transport;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What tests look at to prove nothing was left behind, found by scanning the machine rather than by trusting the
 * registry. Tests run side by side (JUnit runs classes in parallel), so each looks only at what concerns it: objects
 * of this JVM, or objects nobody uses any more.
 */
public final class LeftoverCheck {
    private LeftoverCheck() {}

    /** ipcmark objects that no running process uses (left over, or not ours): a finished run must not add any. */
    public static Set<String> abandoned() {
        return Leftovers.scan().stream()
                .filter(f -> f.disposition() != Leftovers.Disposition.IN_USE)
                .map(Leftovers.Found::name)
                .collect(Collectors.toSet());
    }

    /** ipcmark objects this JVM made or used: a closed case must leave none. */
    public static Set<String> ofThisProcess() {
        long self = ProcessHandle.current().pid();
        return Leftovers.scan().stream()
                .filter(f -> f.pids().contains(self) || f.name().contains("ipcmark-" + self + "-"))
                .map(Leftovers.Found::name)
                .collect(Collectors.toSet());
    }
}
