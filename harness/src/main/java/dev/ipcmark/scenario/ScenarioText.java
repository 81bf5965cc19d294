package dev.ipcmark.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * A scenario file's text, read defensively: only a regular file is opened (a FIFO would block the reader for ever and
 * {@code /dev/zero} would fill the heap), its size is checked before a byte is read, and bytes that are not UTF-8 are
 * reported with their line and column instead of the decoder's "Input length = 1".
 */
final class ScenarioText {
    /** The largest scenario file read: real ones are a few KiB. */
    static final long MAX_BYTES = 1 << 20;

    private ScenarioText() {}

    /** The text of {@code file}, or a {@link ScenarioException} naming the file and what is wrong with it. */
    static String read(Path file) {
        String name = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(name, "no such scenario file");
        } catch (IOException e) {
            throw new ScenarioException(name, "cannot read: " + reason(e));
        }
        if (!attributes.isRegularFile()) {
            String what = attributes.isDirectory()
                    ? "a directory"
                    : attributes.isOther() ? "a device, FIFO or socket" : "not a regular file";
            throw new ScenarioException(name, "is " + what + "; a scenario is a regular YAML file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new ScenarioException(name, tooLarge(attributes.size()));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // The file may grow after the check: never read more than the limit allows.
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ScenarioException(name, "cannot read: " + reason(e));
        }
        if (bytes.length > MAX_BYTES) {
            throw new ScenarioException(name, tooLarge(bytes.length));
        }
        return decode(bytes, name);
    }

    private static String tooLarge(long bytes) {
        return "is " + Sizes.human(bytes) + "; a scenario file may be at most " + Sizes.human(MAX_BYTES);
    }

    /** {@code bytes} as UTF-8, or an error at the line and column of the first byte that is not. */
    static String decode(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw new ScenarioException(
                    name + ":" + line + ":" + column,
                    String.format(
                            Locale.ROOT,
                            "not UTF-8 text (byte 0x%02x); save the scenario as UTF-8",
                            Byte.toUnsignedInt(bytes[at])));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}
