package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void shouldDecodeWhatItEncodes() {
        List<Frame> frames = List.of(
                new Frame.Hello(4711),
                new Frame.Ready(4712),
                new Frame.Assign(-1, "/tmp/ipcmark-1-ab/with space\nand\\backslash"),
                new Frame.Assign(3, "127.0.0.1:40000"),
                new Frame.Stop(),
                new Frame.Finish(),
                new Frame.Failed("two\nlines"));
        for (Frame frame : frames) {
            assertThat(frame.encode()).doesNotContain("\n");
            assertThat(Frame.decode(frame.encode())).isEqualTo(frame);
        }
    }

    @Test
    void shouldRefuseAnAssignmentWithoutAnEndpoint() {
        assertThatThrownBy(() -> Frame.decode("ASSIGN 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frame.decode("ASSIGN x /a")).isInstanceOf(IllegalArgumentException.class);
    }
}
