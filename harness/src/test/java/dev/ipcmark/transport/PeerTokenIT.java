package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.scenario.CaseSpec;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Loopback sockets any local user can reach: strangers who connect to the TCP listener, or send datagrams to the UDP
 * one, before the real peer are refused, and the case runs with the peer as if they had never come.
 */
@Timeout(60)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class PeerTokenIT {
    private static final String TCP = "ping-pong/tcp/mode=blocking/rcvbuf=default/sndbuf=default/size=64";
    private static final String UDP = "ping-pong/udp/mode=blocking/rcvbuf=default/sndbuf=default/size=64";

    @Test
    void shouldAcceptOnlyThePeerOnTcpWhateverStrangersConnectedFirst() throws Exception {
        CaseSpec spec = CaseSpec.parse(TCP);
        Transport tcp = TransportKind.TCP.create();
        try (PrivateDir dir = PrivateDir.create();
                Listener listener = tcp.listen(spec, dir);
                Socket talker = new Socket(InetAddress.getLoopbackAddress(), port(listener));
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), port(listener));
                Socket guesser = new Socket(InetAddress.getLoopbackAddress(), port(listener))) {
            talker.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            guesser.getOutputStream().write(new byte[PeerToken.BYTES]);
            Channel peer = tcp.connect(spec, listener.endpoint());
            Channel mine = listener.accept();
            try {
                assertRoundTrip(mine, peer);
                for (Socket stranger : new Socket[] {talker, silent, guesser}) {
                    stranger.setSoTimeout(5000);
                    assertThat(readToEnd(stranger.getInputStream()))
                            .as("a stranger's connection is closed")
                            .isEqualTo(-1);
                }
            } finally {
                peer.close();
                mine.close();
            }
        }
    }

    @Test
    void shouldHearOnlyThePeerOnUdpBeforeAndAfterItConnected() throws Exception {
        CaseSpec spec = CaseSpec.parse(UDP);
        Transport udp = TransportKind.UDP.create();
        try (PrivateDir dir = PrivateDir.create();
                Listener listener = udp.listen(spec, dir);
                DatagramSocket stranger = new DatagramSocket()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            int port = port(listener);
            // A forged announcement naming the stranger's own port, and plain junk of a message's size.
            byte[] forged = ("127.0.0.1:" + stranger.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
            stranger.send(new DatagramPacket(forged, forged.length, loopback, port));
            stranger.send(new DatagramPacket(new byte[64], 64, loopback, port));
            Channel peer = udp.connect(spec, listener.endpoint());
            Channel mine = listener.accept();
            try {
                for (int i = 0; i < 3; i++) {
                    // After the connect the kernel refuses the stranger's datagrams: the echo is the peer's.
                    stranger.send(new DatagramPacket(new byte[64], 64, loopback, port));
                    assertRoundTrip(mine, peer);
                }
            } finally {
                peer.close();
                mine.close();
            }
        }
    }

    private static int port(Listener listener) {
        return Integer.parseInt(listener.endpoint());
    }

    /** -1 once the other end has closed (a reset, when it closed with our bytes unread, is a close too). */
    private static int readToEnd(InputStream in) throws Exception {
        try {
            int b;
            do {
                b = in.read();
            } while (b >= 0);
            return b;
        } catch (java.net.SocketException e) {
            return e.getMessage().contains("reset") ? -1 : 0;
        }
    }

    private static void assertRoundTrip(Channel mine, Channel peer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(64);
            MemorySegment at = arena.allocate(64);
            MemorySegment back = arena.allocate(64);
            for (int i = 0; i < 64; i++) {
                out.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 1));
            }
            mine.send(out);
            peer.receive(at);
            peer.send(at);
            mine.receive(back);
            assertThat(Arrays.equals(back.toArray(ValueLayout.JAVA_BYTE), out.toArray(ValueLayout.JAVA_BYTE)))
                    .isTrue();
        }
    }
}
