package dev.ipcmark.transport;

/**
 * The initiating side of a one-to-one channel being set up: it has created the kernel objects and waits for the peer,
 * which {@linkplain Transport#connect connects} to its {@link #endpoint()}.
 */
public interface Listener extends Opening {
    /** Completes the channel once the peer has connected; removes names nobody needs any more. */
    @Override
    Channel accept();
}
