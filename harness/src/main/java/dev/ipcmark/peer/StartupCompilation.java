package dev.ipcmark.peer;

import java.util.List;

/**
 * How the JMH forks and the peers compile what they run only while they start. Each makes its lambda forms and FFM
 * downcall stubs (about 170 classes in a fork, 100 in a peer, none of them in the ahead-of-time caches) with the JDK's
 * class-file library, which runs hot for a few hundred milliseconds and never again; C2 compiled it for 0.2-0.3 s of
 * CPU per JVM ({@code StackMapGenerator.processBlock} alone), on the same two CPUs as both JVMs' starts. Its
 * compilation thresholds are scaled up twentyfold, which keeps C2 off it. Never on a measured path.
 *
 * <p>A compile command rather than a compiler directive (which can say "no C2" exactly): HotSpot prints "1 compiler
 * directives added" on a JVM's stdout, and a pipe peer's stdout is the pipe it echoes on. {@code quiet} keeps the
 * commands from printing themselves.
 */
public final class StartupCompilation {
    /** The options, for a fork's and a peer's command line. */
    public static final List<String> OPTIONS = List.of(
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,jdk.internal.classfile.*::*,20.0",
            "-XX:CompileCommand=CompileThresholdScaling,java.lang.classfile.*::*,20.0");

    private StartupCompilation() {}
}
