package dev.ipcmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class PointTipsTest {
    @Test
    void shouldPutATooltipWithItsCaseOnEveryPointWhereThePointIsDrawn() {
        List<CaseRow> cases = List.of(
                ChartsTest.row("ping-pong", "pipe", 64, Map.of(), 50_000),
                ChartsTest.row("ping-pong", "pipe", 4096, Map.of(), 60_000),
                ChartsTest.row("ping-pong", "pipe", 1 << 20, Map.of(), 400_000));
        XYChart chart = Charts.latencyVsSize(cases).getFirst();
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        String overlay = PointTips.overlay(chart);

        assertThat(overlay).startsWith("<svg class=\"points\" viewBox=\"0 0 " + chart.getWidth() + " ");
        // p50 and p99 of each of the three cases.
        Matcher m = Pattern.compile("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"7\"><title>([^<]*)</title>")
                .matcher(overlay);
        int points = 0;
        while (m.find()) {
            points++;
            assertThat(m.group(3)).matches("pipe p(50|99): [0-9.,]+ µs\\nping-pong/pipe/size=\\d+");
            int x = (int) Math.round(Double.parseDouble(m.group(1)));
            int y = (int) Math.round(Double.parseDouble(m.group(2)));
            // A marker is drawn there: the pixel is not the plot's white.
            assertThat(image.getRGB(x, y) & 0xFFFFFF).as(m.group(3)).isNotEqualTo(0xFFFFFF);
        }
        assertThat(points).isEqualTo(6);
        assertThat(overlay).contains("pipe p50: 50.0 µs\nping-pong/pipe/size=64");
    }
}
