package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * BSD sockets through FFM: AF_UNIX (stream, datagram, seqpacket) and AF_INET on loopback, as plain descriptors that
 * {@link Fd#read}/{@link Fd#write} move bytes through. The JDK has no AF_UNIX datagram or seqpacket sockets, and one
 * descriptor type for every transport keeps the blocking modes in one place.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Sockets {
    /** Local (Unix domain) sockets. */
    public static final int AF_UNIX = 1;
    /** IPv4. */
    public static final int AF_INET = 2;
    /** Reliable byte stream. */
    public static final int SOCK_STREAM = 1;
    /** Datagrams. */
    public static final int SOCK_DGRAM = 2;
    /** Reliable, ordered, connection-oriented datagrams. */
    public static final int SOCK_SEQPACKET = 5;
    /** Socket-level options. */
    public static final int SOL_SOCKET = 1;
    /** Send buffer size. */
    public static final int SO_SNDBUF = 7;
    /** Receive buffer size. */
    public static final int SO_RCVBUF = 8;
    /** TCP-level options. */
    public static final int IPPROTO_TCP = 6;
    /** The credentials of a Unix socket's peer. */
    static final int SO_PEERCRED = 17;
    /** Send small segments at once (no Nagle). */
    public static final int TCP_NODELAY = 1;

    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SHUT_RDWR = 2;
    private static final int SUN_PATH_BYTES = 108;
    private static final long SOCKADDR_UN_BYTES = 2 + SUN_PATH_BYTES;
    private static final long SOCKADDR_IN_BYTES = 16;
    private static final int LOOPBACK = 0x7f000001;
    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private static final class Socket {
        static final MethodHandle HANDLE =
                Libc.withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Bind {
        static final MethodHandle HANDLE =
                Libc.withErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Connect {
        static final MethodHandle HANDLE =
                Libc.withErrno("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Listen {
        static final MethodHandle HANDLE =
                Libc.withErrno("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Accept4 {
        static final MethodHandle HANDLE =
                Libc.withErrno("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }

    private static final class Getsockname {
        static final MethodHandle HANDLE =
                Libc.withErrno("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private static final class Setsockopt {
        static final MethodHandle HANDLE = Libc.withErrno(
                "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Getsockopt {
        static final MethodHandle HANDLE = Libc.withErrno(
                "getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private static final class Shutdown {
        static final MethodHandle HANDLE =
                Libc.withErrno("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private Sockets() {}

    /** A new socket of {@code domain} and {@code type}, close-on-exec. */
    public static int open(int domain, int type) {
        MemorySegment state = Libc.state();
        try {
            int fd = (int) Socket.HANDLE.invokeExact(state, domain, type | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Libc.failure("socket", "domain " + domain + ", type " + type, state);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Binds {@code fd} to the socket file {@code path} (which must not exist). */
    public static void bindUnix(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state();
            if ((int) Bind.HANDLE.invokeExact(state, fd, unixAddress(arena, path), (int) SOCKADDR_UN_BYTES) != 0) {
                throw Libc.failure("bind", path, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Connects {@code fd} to the socket file {@code path}. */
    public static void connectUnix(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            connect(fd, unixAddress(arena, path), SOCKADDR_UN_BYTES, path);
        }
    }

    /**
     * Binds {@code fd} to {@code name} in the abstract namespace (Linux): no file, gone with the last descriptor, so
     * a bind that succeeds means no other process of this network namespace holds the name. Fails with EADDRINUSE
     * when one does.
     */
    public static void bindAbstract(int fd, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state();
            MemorySegment address = abstractAddress(arena, name);
            if ((int) Bind.HANDLE.invokeExact(state, fd, address, (int) address.byteSize()) != 0) {
                throw Libc.failure("bind", "@" + name, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Connects {@code fd} to {@code name} in the abstract namespace. */
    public static void connectAbstract(int fd, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = abstractAddress(arena, name);
            connect(fd, address, address.byteSize(), "@" + name);
        }
    }

    /**
     * The process at the other end of the connected AF_UNIX socket {@code fd} as the kernel recorded it when the
     * connection was made ({@code SO_PEERCRED}): {@code [pid, uid]}. Unlike anything the other process says, this cannot
     * be forged.
     */
    public static long[] peerCredentials(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            // struct ucred: pid_t pid, uid_t uid, gid_t gid.
            MemorySegment ucred = arena.allocate(12, 4);
            MemorySegment length = arena.allocateFrom(JAVA_INT, 12);
            MemorySegment state = Libc.state();
            if ((int) Getsockopt.HANDLE.invokeExact(state, fd, SOL_SOCKET, SO_PEERCRED, ucred, length) != 0) {
                throw Libc.failure("getsockopt", "SO_PEERCRED", state);
            }
            return new long[] {ucred.get(JAVA_INT, 0), Integer.toUnsignedLong(ucred.get(JAVA_INT, 4))};
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static MemorySegment abstractAddress(Arena arena, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length + 1 > SUN_PATH_BYTES) {
            throw new IllegalArgumentException("abstract socket name too long: " + name);
        }
        // sun_path starts with a NUL byte; the length given to the kernel ends the name (no terminating NUL).
        MemorySegment address = arena.allocate(2 + 1 + bytes.length);
        address.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 3, bytes.length);
        return address;
    }

    /** Binds {@code fd} to 127.0.0.1 on an ephemeral port and returns the port. */
    public static int bindLoopback(int fd) {
        return bindInet(fd, LOOPBACK);
    }

    /** Binds {@code fd} to the IPv4 {@code address} (host order) on an ephemeral port and returns the port. */
    public static int bindInet(int fd, int address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = inetAddress(arena, address, 0);
            MemorySegment state = Libc.state();
            if ((int) Bind.HANDLE.invokeExact(state, fd, sockaddr, (int) SOCKADDR_IN_BYTES) != 0) {
                throw Libc.failure("bind", dotted(address) + ":0", state);
            }
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) SOCKADDR_IN_BYTES);
            if ((int) Getsockname.HANDLE.invokeExact(state, fd, sockaddr, length) != 0) {
                throw Libc.failure("getsockname", "fd " + fd, state);
            }
            return Short.toUnsignedInt(sockaddr.get(NET_SHORT, 2));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The IPv4 address (host order) {@code fd} is bound to: after a connect, this side's address towards the other. */
    public static int localInet(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_BYTES);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) SOCKADDR_IN_BYTES);
            MemorySegment state = Libc.state();
            if ((int) Getsockname.HANDLE.invokeExact(state, fd, sockaddr, length) != 0) {
                throw Libc.failure("getsockname", "fd " + fd, state);
            }
            return sockaddr.get(NET_INT, 4);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Connects {@code fd} to 127.0.0.1:{@code port}. */
    public static void connectLoopback(int fd, int port) {
        connectInet(fd, LOOPBACK, port);
    }

    /** Connects {@code fd} to the IPv4 {@code address} (host order) and {@code port}. */
    public static void connectInet(int fd, int address, int port) {
        try (Arena arena = Arena.ofConfined()) {
            connect(fd, inetAddress(arena, address, port), SOCKADDR_IN_BYTES, dotted(address) + ":" + port);
        }
    }

    /** 127.0.0.1, in host order. */
    public static int loopback() {
        return LOOPBACK;
    }

    /** {@code a.b.c.d} of an IPv4 address in host order. */
    public static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The IPv4 address (host order) written {@code a.b.c.d}; anything else is refused. */
    public static int parseDotted(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = address << 8 | Integer.parseInt(part);
        }
        return address;
    }

    private static void connect(int fd, MemorySegment address, long length, String where) {
        MemorySegment state = Libc.state();
        try {
            while ((int) Connect.HANDLE.invokeExact(state, fd, address, (int) length) != 0) {
                if (Libc.errno(state) != Errno.EINTR) {
                    throw Libc.failure("connect", where, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Marks {@code fd} as accepting connections, with room for {@code backlog} pending ones. */
    public static void listen(int fd, int backlog) {
        MemorySegment state = Libc.state();
        try {
            if ((int) Listen.HANDLE.invokeExact(state, fd, backlog) != 0) {
                throw Libc.failure("listen", "fd " + fd, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Accepts one connection (blocking) and returns its close-on-exec descriptor. */
    public static int accept(int fd) {
        MemorySegment state = Libc.state();
        try {
            while (true) {
                int accepted = (int)
                        Accept4.HANDLE.invokeExact(state, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (accepted >= 0) {
                    return accepted;
                }
                if (Libc.errno(state) != Errno.EINTR) {
                    throw Libc.failure("accept4", "fd " + fd, state);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Sets the int-valued option {@code option} at {@code level}. */
    public static void setOption(int fd, int level, int option, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state();
            if ((int) Setsockopt.HANDLE.invokeExact(state, fd, level, option, arena.allocateFrom(JAVA_INT, value), 4)
                    != 0) {
                throw Libc.failure("setsockopt", "option " + option + " = " + value, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The int-valued option {@code option} at {@code level}. */
    public static int option(int fd, int level, int option) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, 4);
            MemorySegment state = Libc.state();
            if ((int) Getsockopt.HANDLE.invokeExact(state, fd, level, option, value, length) != 0) {
                throw Libc.failure("getsockopt", "option " + option, state);
            }
            return value.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Shuts both directions of a connected socket down: a thread blocked reading or writing it returns at once, which
     * closing the descriptor would not do.
     */
    public static void shutdown(int fd) {
        try {
            // ENOTCONN (never connected, or the peer is gone) is no failure for what this is for.
            int ignored = (int) Shutdown.HANDLE.invokeExact(Libc.state(), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static MemorySegment unixAddress(Arena arena, String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SUN_PATH_BYTES) {
            throw new NativeException(
                    "bind",
                    path + " (longer than the " + (SUN_PATH_BYTES - 1) + " bytes a socket path may have)",
                    Errno.ENAMETOOLONG);
        }
        MemorySegment address = arena.allocate(SOCKADDR_UN_BYTES);
        address.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 2, bytes.length);
        return address;
    }

    private static MemorySegment inetAddress(Arena arena, int ip, int port) {
        MemorySegment address = arena.allocate(SOCKADDR_IN_BYTES);
        address.set(JAVA_SHORT, 0, (short) AF_INET);
        address.set(NET_SHORT, 2, (short) port);
        address.set(NET_INT, 4, ip);
        return address;
    }
}
