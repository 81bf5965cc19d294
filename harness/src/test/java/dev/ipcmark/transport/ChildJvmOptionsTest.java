package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChildJvmOptionsTest {
    @Test
    void shouldGiveNoOptionsWhenTheVariableIsUnsetOrBlank() {
        assertThat(ChildJvmOptions.parse(null)).isEmpty();
        assertThat(ChildJvmOptions.parse(" \t")).isEmpty();
    }

    @Test
    void shouldSplitHotSpotOptionsAtSpaces() {
        assertThat(ChildJvmOptions.parse("  -XX:TieredStopAtLevel=1 \t-XX:+UseSerialGC "))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Test
    void shouldRefuseAnythingButAHotSpotOptionAndNameTheVariable() {
        for (String bad :
                new String[] {"-Xmx1g", "-XX:+UseSerialGC -javaagent:/tmp/a.jar", "-Dx=y", "-XX:", "-cp /x"}) {
            assertThatThrownBy(() -> ChildJvmOptions.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("IPCMARK_CHILD_JVM_OPTIONS takes HotSpot options (-XX:...)");
        }
    }
}
