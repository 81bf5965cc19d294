package dev.ipcmark.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One end of the control link: frames out on one stream, frames in from another. */
final class PeerLink {
    private final BufferedReader in;
    private final OutputStream out;

    PeerLink(InputStream in, OutputStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    /** Sends one frame and flushes it. */
    synchronized void send(Frame frame) {
        try {
            out.write((frame.encode() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("control link closed: " + e.getMessage(), e);
        }
    }

    /** The next frame, or null when the other end has closed the link. */
    Frame receive() throws IOException {
        String line = in.readLine();
        return line == null ? null : Frame.decode(line);
    }
}
