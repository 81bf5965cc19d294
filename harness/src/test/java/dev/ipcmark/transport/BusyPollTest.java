package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.TransportCatalog;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** SO_BUSY_POLL is a knob of the IP sockets only, and leaves their case keys as they were unless it is set. */
class BusyPollTest {
    @Test
    void shouldBeAKnobOfTcpAndUdpOnlyAndOutOfTheKeyAtItsDefault() {
        TransportCatalog catalog = TransportKind.catalog();
        assertThat(catalog.knobs("tcp")).extracting(Knob::name).contains(BusyPoll.KNOB);
        assertThat(catalog.knobs("udp")).extracting(Knob::name).contains(BusyPoll.KNOB);
        assertThat(catalog.knobs("unix-stream")).extracting(Knob::name).doesNotContain(BusyPoll.KNOB);

        assertThat(CaseSpec.of(Pattern.PING_PONG, "tcp", 64).key()).doesNotContain("busy-poll");
        CaseSpec set = new CaseSpec(Pattern.PING_PONG, "tcp", 64, new TreeMap<>(Map.of(BusyPoll.KNOB, "50")));
        assertThat(set.key()).contains("busy-poll=50");
        assertThat(BusyPoll.DECLARED.problem("2000000")).isPresent();
        assertThat(BusyPoll.DECLARED.problem("default")).isEmpty();
    }
}
