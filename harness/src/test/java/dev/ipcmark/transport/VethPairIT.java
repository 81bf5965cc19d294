package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The veth network path's own objects: the namespace and both ends of the pair exist while a listener waits, the
 * namespace's name goes with the listener, and then nothing of it is left, namespace or interface. (Messages across it
 * are TransportContractIT's, which runs network=veth as one of TCP's and UDP's strategies.)
 */
@Timeout(60)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
class VethPairIT {
    @Test
    void shouldMakeTheNamespaceAndPairAndLeaveNothingOnceTheListenerCloses() throws Exception {
        CaseSpec spec = CaseSpec.parse("ping-pong/tcp/network=veth/size=64");
        Support support = NetworkPath.check(spec);
        assumeTrue(
                support.runs(),
                () -> "skipped, as a run would: " + support.reason().orElseThrow());
        String namespace;
        try (PrivateDir dir = PrivateDir.create();
                Listener listener = TransportKind.TCP.create().listen(spec, dir)) {
            List<String> launcher = listener.peerLauncher();
            assertThat(launcher).hasSize(4).element(1).isEqualTo("netns");
            namespace = launcher.get(3);
            assertThat(IpTool.require("netns", "list")).contains(namespace);
            String tag = namespace.substring(namespace.length() - 8);
            assertThat(IpTool.require("-o", "link", "show")).contains("ipcm" + tag + "h");
            assertThat(IpTool.require("-n", namespace, "-o", "addr", "show"))
                    .contains(Sockets.dotted(NetworkPath.address(listener.endpoint()) + 1));
            assertThat(LeftoverCheck.ofThisProcess()).contains("/run/netns/" + namespace);
        }
        assertThat(IpTool.require("netns", "list")).doesNotContain(namespace);
        assertThat(LeftoverCheck.ofThisProcess()).doesNotContain("/run/netns/" + namespace);
        // The kernel ends an empty namespace, and the pair with it, in the background.
        String hostEnd = "ipcm" + namespace.substring(namespace.length() - 8) + "h";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (IpTool.require("-o", "link", "show").contains(hostEnd) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(IpTool.require("-o", "link", "show")).doesNotContain(hostEnd);
        assertThat(Leftovers.outstanding()).isEmpty();
    }
}
