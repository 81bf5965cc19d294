package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Locks;
import dev.ipcmark.scenario.Identified;
import java.util.List;

/** Which file lock guards a shared file: the {@value #KNOB} knob. Writers lock exclusively, readers shared. */
enum LockKind implements Identified {
    /** {@code flock(2)}: whole-file locks; the two directions contend for one lock. */
    FLOCK("flock"),
    /** {@code fcntl(F_SETLKW)}: POSIX record locks on byte ranges, owned by the process. */
    FCNTL("fcntl"),
    /** {@code fcntl(F_OFD_SETLKW)}: record locks owned by the open file description. */
    OFD("ofd");

    /** The knob's name. */
    static final String KNOB = "lock";

    private final String id;

    LockKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Every id, in declaration order. */
    static List<String> ids() {
        return Identified.ids(LockKind.class);
    }

    /** A locker of this kind for one thread. */
    Locker locker(int fd) {
        Locks locks = new Locks();
        return switch (this) {
            case FLOCK ->
                new Locker() {
                    @Override
                    public void lock(long start, long length, boolean exclusive) {
                        Locks.flock(fd, exclusive);
                    }

                    @Override
                    public void unlock(long start, long length) {
                        Locks.funlock(fd);
                    }
                };
            case FCNTL, OFD -> {
                boolean ofd = this == OFD;
                yield new Locker() {
                    @Override
                    public void lock(long start, long length, boolean exclusive) {
                        locks.range(fd, ofd, start, length, exclusive, false);
                    }

                    @Override
                    public void unlock(long start, long length) {
                        locks.range(fd, ofd, start, length, false, true);
                    }
                };
            }
        };
    }

    /** Takes and releases locks on byte ranges of one file (whole-file kinds ignore the range). */
    interface Locker {
        /** Waits for and takes a lock on the range. */
        void lock(long start, long length, boolean exclusive);

        /** Releases the lock on the range. */
        void unlock(long start, long length);
    }
}
