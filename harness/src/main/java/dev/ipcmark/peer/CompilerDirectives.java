package dev.ipcmark.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The HotSpot compiler directives every JVM of a run starts with ({@code harness/src/main/jvm/compiler-directives.json}):
 * they keep C2 away from the JDK's class-file library, which each fork and peer runs hot while it makes its lambda
 * forms and FFM downcall stubs at start-up, and never on a measured path. The launcher starts the command's JVM with
 * them and names the file in a system property; JMH starts each fork with the command's own JVM options, these among
 * them, and a fork starts its peers with {@link #options()}. A JVM started without them (the jar run directly, a peer on
 * another machine) compiles as usual.
 */
public final class CompilerDirectives {
    /** System property: the directives file. */
    public static final String PROPERTY = "ipcmark.compilerDirectives";

    private CompilerDirectives() {}

    /**
     * The options that start a JVM with the directives, and tell it where they are for the JVMs it starts; none when
     * the property is unset or names no regular file.
     */
    public static List<String> options() {
        String file = System.getProperty(PROPERTY);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return List.of();
        }
        return List.of(
                "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + file, "-D" + PROPERTY + "=" + file);
    }
}
