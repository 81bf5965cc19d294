package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtraJvmOptionsTest {
    @Test
    void shouldGiveNoOptionsWhenTheVariableIsUnsetOrBlank() {
        assertThat(ExtraJvmOptions.parse(null)).isEmpty();
        assertThat(ExtraJvmOptions.parse(" \t")).isEmpty();
    }

    @Test
    void shouldSplitHotSpotOptionsAtSpaces() {
        assertThat(ExtraJvmOptions.parse("  -XX:TieredStopAtLevel=1 \t-XX:+UseSerialGC "))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Test
    void shouldRefuseAnythingButAHotSpotOptionAndNameTheVariable() {
        for (String bad :
                new String[] {"-Xmx1g", "-XX:+UseSerialGC -javaagent:/tmp/a.jar", "-Dx=y", "-XX:", "-cp /x"}) {
            assertThatThrownBy(() -> ExtraJvmOptions.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("IPCMARK_JVM_OPTIONS takes HotSpot options (-XX:...)");
        }
    }

    @Test
    void shouldRefuseOptionsThatReadMoreOptionsFromAFile() {
        // -XX:VMOptionsFile and -XX:Flags read further options from a file, which may hold an agent or a class path.
        for (String bad : new String[] {
            "-XX:VMOptionsFile=/tmp/o", "-XX:+UseSerialGC -XX:Flags=/tmp/f", "-XX:vmoptionsfile=/tmp/o"
        }) {
            assertThatThrownBy(() -> ExtraJvmOptions.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reads more options from a file");
        }
    }

    @Test
    void shouldRefuseTheFlagsHotSpotTurnsIntoLoggingOnStdout() {
        // A pipe peer's stdout is its data pipe; -XX:-PrintGC (off) prints nothing and stays allowed.
        for (String bad : new String[] {"-XX:+PrintGC", "-XX:TieredStopAtLevel=1 -XX:+PrintGCDetails"}) {
            assertThatThrownBy(() -> ExtraJvmOptions.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("prints on stdout, which is a pipe peer's data pipe");
        }
        assertThat(ExtraJvmOptions.parse("-XX:-PrintGC")).containsExactly("-XX:-PrintGC");
    }
}
