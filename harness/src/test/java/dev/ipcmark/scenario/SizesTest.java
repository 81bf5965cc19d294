package dev.ipcmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void shouldParseBinaryUnitsAndFormatBackExactly() {
        assertThat(Sizes.parse("64")).isEqualTo(64);
        assertThat(Sizes.parse("64B")).isEqualTo(64);
        assertThat(Sizes.parse("4KiB")).isEqualTo(4096);
        assertThat(Sizes.parse("1 MiB")).isEqualTo(1 << 20);
        assertThat(Sizes.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(Sizes.format(4096)).isEqualTo("4KiB");
        assertThat(Sizes.format(65537)).isEqualTo("65537");
        assertThat(Sizes.format(3L << 30)).isEqualTo("3GiB");
        for (long v : new long[] {1, 63, 4095, 4096, 65537, 1 << 20}) {
            assertThat(Sizes.parse(Sizes.format(v))).isEqualTo(v);
        }
    }

    @Test
    void shouldLabelSizesForChartsAndTables() {
        assertThat(Sizes.label(64)).isEqualTo("64 B");
        assertThat(Sizes.label(4096)).isEqualTo("4 KiB");
        assertThat(Sizes.label(16L << 20)).isEqualTo("16 MiB");
        assertThat(Sizes.label(65537)).isEqualTo(Sizes.human(65537));
    }

    @Test
    void shouldRejectDecimalUnitsAndOverflow() {
        assertThatThrownBy(() -> Sizes.parse("4KB")).hasMessageContaining("'4KB' is not a size");
        assertThatThrownBy(() -> Sizes.parse("-1")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> Sizes.parse("9999999999999GiB")).hasMessageContaining("too large");
    }
}
