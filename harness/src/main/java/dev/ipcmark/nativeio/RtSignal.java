package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A real-time signal with a payload as a wake-up between two processes: the waiting thread blocks the signal and takes
 * it with {@code sigtimedwait}; the other process sends it to that one thread with {@code rt_tgsigqueueinfo}, the
 * payload in {@code si_value} (what {@code sigqueue} does for a process). The signal's disposition is set to "ignore"
 * process-wide first, so that one reaching a thread that does not block it is dropped instead of ending the JVM (a
 * blocked signal is still queued for the thread that waits for it). The signal is {@code SIGRTMIN + 8}, clear of the
 * ones glibc keeps for itself. An instance owns its buffers and belongs to one thread.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class RtSignal {
    private static final long SYS_RT_TGSIGQUEUEINFO = 297;
    private static final int SIG_BLOCK = 0;
    private static final int SI_QUEUE = -1;
    // sigset_t is 1024 bits in glibc; siginfo_t is 128 bytes (si_signo 0, si_code 8, si_pid 16, si_uid 20, si_value
    // 24).
    private static final long SIGSET_BYTES = 128;
    private static final long SIGINFO_BYTES = 128;

    private static final class Sigrtmin {
        static final MethodHandle HANDLE = Libc.plain("__libc_current_sigrtmin", FunctionDescriptor.of(JAVA_INT));
    }

    private static final class Signal {
        static final MethodHandle HANDLE = Libc.withErrno("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    }

    private static final class PthreadSigmask {
        static final MethodHandle HANDLE =
                Libc.plain("pthread_sigmask", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private static final MethodHandle SIGTIMEDWAIT =
            Libc.withErrno("sigtimedwait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    // syscall(long number, ...): everything after the number is variadic.
    private static final MethodHandle TGSIGQUEUEINFO = Libc.withErrno(
            "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.firstVariadicArg(1));

    private static final class Gettid {
        static final MethodHandle HANDLE = Libc.plain("gettid", FunctionDescriptor.of(JAVA_INT));
    }

    // The sender as si_pid and si_uid say it (read once: /proc/self/status is no place to go per message).
    private static final int PID = (int) ProcessHandle.current().pid();
    private static final int UID = (int) KernelFiles.uid();

    /** The signal: SIGRTMIN + 8. */
    public static final int SIGNAL_NUMBER = rtmin() + 8;

    private final MemorySegment set;
    private final MemorySegment info;
    private final MemorySegment timeout;

    /** Buffers for one thread's waits and sends. */
    public RtSignal() {
        Arena arena = Arena.ofAuto();
        set = arena.allocate(SIGSET_BYTES, 8);
        info = arena.allocate(SIGINFO_BYTES, 8);
        timeout = Timespec.allocate(arena);
        int bit = SIGNAL_NUMBER - 1;
        set.set(JAVA_LONG, 8L * (bit / 64), 1L << (bit % 64));
    }

    private static int rtmin() {
        try {
            return (int) Sigrtmin.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Ignores the signal process-wide (idempotent): a stray one is dropped, never fatal. */
    public static void ignoreStrays() {
        MemorySegment state = Libc.state();
        try {
            MemorySegment old =
                    (MemorySegment) Signal.HANDLE.invokeExact(state, SIGNAL_NUMBER, MemorySegment.ofAddress(1));
            if (old.address() == -1L) {
                throw Libc.failure("signal", SIGNAL_NUMBER, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Blocks the signal in the calling thread, so that it queues for {@link #await} instead of being delivered. */
    public void blockInThisThread() {
        try {
            int r = (int) PthreadSigmask.HANDLE.invokeExact(SIG_BLOCK, set, MemorySegment.NULL);
            if (r != 0) {
                throw new NativeException("pthread_sigmask", "SIG_BLOCK " + SIGNAL_NUMBER, r);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The calling thread's id (its TID, not the process's PID). */
    public static int threadId() {
        try {
            return (int) Gettid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Takes one queued signal (blocked in this thread), waiting up to {@code waitMs}; its payload, or
     * {@link Long#MIN_VALUE} when none came in that time.
     */
    public long await(int waitMs) {
        Timespec.setRelative(timeout, waitMs);
        MemorySegment state = Libc.state();
        try {
            int r = (int) SIGTIMEDWAIT.invokeExact(state, set, info, timeout);
            if (r == SIGNAL_NUMBER) {
                return info.get(JAVA_LONG, 24);
            }
            int errno = Libc.errno(state);
            if (r < 0 && errno != Errno.EAGAIN && errno != Errno.EINTR) {
                throw Libc.failure("sigtimedwait", SIGNAL_NUMBER, state);
            }
            return Long.MIN_VALUE;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Queues the signal with {@code payload} for thread {@code tid} of process {@code pid}; false when that thread is
     * gone (ESRCH) or the receiver's queue is full (EAGAIN: it has signals to take already).
     */
    public boolean send(long pid, int tid, long payload) {
        info.fill((byte) 0);
        info.set(JAVA_INT, 0, SIGNAL_NUMBER);
        info.set(JAVA_INT, 8, SI_QUEUE);
        info.set(JAVA_INT, 16, PID);
        info.set(JAVA_INT, 20, UID);
        info.set(JAVA_LONG, 24, payload);
        MemorySegment state = Libc.state();
        try {
            long r = (long)
                    TGSIGQUEUEINFO.invokeExact(state, SYS_RT_TGSIGQUEUEINFO, (int) pid, tid, SIGNAL_NUMBER, info);
            if (r == 0) {
                return true;
            }
            int errno = Libc.errno(state);
            if (errno == Errno.ESRCH || errno == Errno.EAGAIN) {
                return false;
            }
            throw Libc.failure("rt_tgsigqueueinfo", "pid " + pid + " tid " + tid, state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
