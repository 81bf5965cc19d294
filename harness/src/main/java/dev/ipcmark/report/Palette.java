package dev.ipcmark.report;

import dev.ipcmark.transport.TransportKind;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One colour per transport in every chart of the report, and a marker per variant of a transport. The colours are
 * Okabe and Ito's colour-blind-safe set (yellow left out: it vanishes on white) and six of Paul Tol's "muted" set,
 * assigned so that the transports of one {@link TransportKind.Family}, which share a chart, differ most.
 */
final class Palette {
    /** Anything that is not a transport (memcpy's ceiling). */
    static final Color OTHER = new Color(0x77, 0x77, 0x77);

    private static final List<Marker> MARKERS = List.of(
            SeriesMarkers.CIRCLE,
            SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN,
            SeriesMarkers.CROSS,
            SeriesMarkers.PLUS,
            SeriesMarkers.OVAL,
            SeriesMarkers.RECTANGLE,
            SeriesMarkers.TRAPEZOID);

    private Palette() {}

    /** The colour of {@code transport} (an id), grey for anything else. */
    static Color of(String transport) {
        return TransportKind.byId(transport).map(Palette::of).orElse(OTHER);
    }

    private static Color of(TransportKind kind) {
        return switch (kind) {
            case PIPE -> new Color(0x00, 0x72, 0xB2); // blue
            case FIFO -> new Color(0x56, 0xB4, 0xE9); // sky blue
            case POSIX_MQ -> new Color(0xE6, 0x9F, 0x00); // orange
            case SYSV_MQ -> new Color(0x88, 0x22, 0x55); // wine
            case UNIX_STREAM -> new Color(0x00, 0x9E, 0x73); // bluish green
            case UNIX_DGRAM -> new Color(0x99, 0x99, 0x33); // olive
            case TCP -> new Color(0xCC, 0x79, 0xA7); // reddish purple
            case UDP -> new Color(0x33, 0x22, 0x88); // indigo
            case SHARED_FILE -> new Color(0xD5, 0x5E, 0x00); // vermillion
            case SHM -> Color.BLACK;
            case CMA -> new Color(0x44, 0xAA, 0x99); // teal (Tol)
            case MEMFD -> new Color(0xAA, 0x44, 0x99); // purple (Tol)
            case EVENTFD -> new Color(0x11, 0x77, 0x33); // green (Tol)
            case GRPC -> new Color(0xDD, 0xCC, 0x77); // sand (Tol)
            case AERON -> new Color(0x66, 0x33, 0x00); // brown
        };
    }

    private static final List<java.awt.BasicStroke> STROKES =
            List.of(new java.awt.BasicStroke(1.6f), dashes(9, 3), dashes(2, 2.5f), dashes(9, 3, 2, 3), dashes(5, 5));

    private static java.awt.BasicStroke dashes(float... pattern) {
        return new java.awt.BasicStroke(
                1.6f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10, pattern, 0);
    }

    /**
     * The {@code n}-th variant's shade of a transport's colour: the colour itself, then alternately lighter and darker,
     * so that neighbours in a legend differ.
     */
    static Color shade(Color colour, int n) {
        if (n == 0) {
            return colour;
        }
        double amount = Math.min(0.45, 0.25 * ((n + 1) / 2));
        boolean lighter = n % 2 == 1;
        return new Color(
                mix(colour.getRed(), amount, lighter),
                mix(colour.getGreen(), amount, lighter),
                mix(colour.getBlue(), amount, lighter));
    }

    private static int mix(int channel, double amount, boolean lighter) {
        return (int) Math.round(lighter ? channel + (255 - channel) * amount : channel * (1 - amount));
    }

    /** The line of a transport's {@code n}-th variant where lines carry no markers. */
    static java.awt.BasicStroke stroke(int n) {
        return STROKES.get(Math.floorMod(n, STROKES.size()));
    }

    /** The marker of a transport's {@code n}-th variant on a chart. */
    static Marker marker(int n) {
        return MARKERS.get(Math.floorMod(n, MARKERS.size()));
    }
}
