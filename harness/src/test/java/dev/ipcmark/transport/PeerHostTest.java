package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerHostTest {
    @Test
    void shouldTakeHostsAndRefuseWhatSshWouldReadAsAnOption() {
        for (String ok : List.of("bench-2", "root@10.0.0.7", "user_1@host.example.org", "[::1]", "ipcmark-peer")) {
            assertThat(new PeerHost(ok, Optional.empty(), "java", "").host()).isEqualTo(ok);
        }
        for (String bad : List.of("-oProxyCommand=x", "-oBatchMode", "-p", "a b", "host;rm", "@host", "-u@host", "")) {
            assertThatThrownBy(() -> new PeerHost(bad, Optional.empty(), "java", ""))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldQuoteEveryWordForTheRemoteShellAndKeepTheHostLast() {
        // The command names the trusted ssh binary; without one there is no command to check.
        assumeTrue(PeerHost.sshMissing().isEmpty(), "no trusted ssh on this machine");
        PeerHost host = new PeerHost("bench-2", Optional.empty(), "/opt/jdk 25/bin/java", "");
        List<String> command = host.ssh(List.of("/opt/jdk 25/bin/java", "it's", "$HOME"));
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("bench-2", "--", "'/opt/jdk 25/bin/java' 'it'\\''s' '$HOME'");
        assertThat(host.sshReadingFirst("TOKEN", List.of("java")).getLast())
                .isEqualTo("read -r TOKEN && export TOKEN && exec 'java'");
    }
}
