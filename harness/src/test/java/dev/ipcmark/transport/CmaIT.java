package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * cma writes into the memory of the process whose PID its control segment names, so that PID is trusted only when it
 * is this process, its parent or its child; the round trip itself is in TransportContractIT.
 */
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
class CmaIT {
    @Test
    void shouldRefuseToWriteIntoAProcessTheSegmentNamesUnlessItIsOneOfItsOwn() {
        CaseSpec spec = CaseSpec.of(Pattern.PING_PONG, "cma", 64);
        Transport cma = TransportKind.CMA.create();
        try (PrivateDir dir = PrivateDir.create();
                Opening opening = cma.listen(spec, dir)) {
            // The peer connects (here: this process), then the segment is tampered with: "the peer is PID 1".
            cma.connect(spec, opening.endpoint()).close();
            var segment = SegmentKind.POSIX.attach(opening.endpoint(), CmaLayout.BYTES);
            try {
                segment.segment().set(ValueLayout.JAVA_LONG, CmaLayout.pidOffset(1), 1L);
                assertThatThrownBy(opening::accept)
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("names PID 1, which is neither this process nor its parent or child");
            } finally {
                segment.close();
            }
        }
        assertThat(LeftoverCheck.ofThisProcess()).isEmpty();
    }
}
