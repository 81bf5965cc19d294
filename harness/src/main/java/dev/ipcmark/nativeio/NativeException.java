package dev.ipcmark.nativeio;

/** A failed libc call: names the call, what it was called on, and the errno with its text. */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    NativeException(String call, String subject, int errno) {
        super(call + "(" + subject + ") failed: " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The libc function that failed, e.g. {@code shm_open}. */
    public String call() {
        return call;
    }

    /** The errno value the call left behind. */
    public int errno() {
        return errno;
    }
}
