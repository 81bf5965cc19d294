package dev.ipcmark.transport;

/**
 * Descriptors of this process that the peer must inherit as its standard input and output: how an object without a
 * name (an anonymous pipe) reaches the other process. The peer reads and writes them directly, unbuffered.
 *
 * @param stdinFd the descriptor that becomes the peer's stdin, or {@link #NONE}
 * @param stdoutFd the descriptor that becomes the peer's stdout
 */
public record InheritedStdio(int stdinFd, int stdoutFd) {
    /** What {@link Listener#endpoint()} says when the channel comes through stdin and stdout. */
    public static final String ENDPOINT = "stdio";

    /** What {@link #stdinFd} is when the peer's stdin leads nowhere. */
    public static final int NONE = -1;

    /** Only stdout is {@code stdoutFd}; stdin leads nowhere. */
    public static InheritedStdio outputOnly(int stdoutFd) {
        return new InheritedStdio(NONE, stdoutFd);
    }
}
