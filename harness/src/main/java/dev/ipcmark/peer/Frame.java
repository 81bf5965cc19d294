package dev.ipcmark.peer;

/**
 * A control frame between the benchmark process and its peer: one line of text on the peer's stdin or stdout.
 * Text, not binary, so a stuck case can be diagnosed by reading the peer's output.
 */
public sealed interface Frame {
    /** The frame as one line, without the line break. */
    String encode();

    /** First frame from the peer: it runs and this is its PID. */
    record Hello(long pid) implements Frame {
        @Override
        public String encode() {
            return "HELLO " + pid;
        }
    }

    /** From the peer: connected to the endpoint and working; {@code tid} is the kernel id of its working thread. */
    record Ready(long tid) implements Frame {
        @Override
        public String encode() {
            return "READY " + tid;
        }
    }

    /**
     * To a peer started before its endpoint existed ({@link PeerMain#FROM_CONTROL}): connect to {@code endpoint} and pin
     * the working thread to {@code cpu} (none when negative). The only frame such a peer reads before it is ready.
     */
    record Assign(int cpu, String endpoint) implements Frame {
        @Override
        public String encode() {
            return "ASSIGN " + cpu + " " + escape(endpoint);
        }
    }

    /** To the peer: finish the echo loop and exit. */
    record Stop() implements Frame {
        @Override
        public String encode() {
            return "STOP";
        }
    }

    /** To a fan-in producer: send a final message saying how many came before it, then wait for {@link Stop}. */
    record Finish() implements Frame {
        @Override
        public String encode() {
            return "FINISH";
        }
    }

    /** From the peer: it cannot go on, and why. */
    record Failed(String reason) implements Frame {
        @Override
        public String encode() {
            return "FAILED " + escape(reason);
        }
    }

    /** Parses a line written by {@link #encode()}; throws {@link IllegalArgumentException} for anything else. */
    static Frame decode(String line) {
        int space = line.indexOf(' ');
        String type = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1);
        return switch (type) {
            case "HELLO" -> new Hello(Long.parseLong(rest));
            case "READY" -> new Ready(Long.parseLong(rest));
            case "ASSIGN" -> {
                int gap = rest.indexOf(' ');
                if (gap < 0) {
                    throw new IllegalArgumentException("not a control frame: '" + line + "'");
                }
                yield new Assign(Integer.parseInt(rest.substring(0, gap)), unescape(rest.substring(gap + 1)));
            }
            case "STOP" -> new Stop();
            case "FINISH" -> new Finish();
            case "FAILED" -> new Failed(unescape(rest));
            default -> throw new IllegalArgumentException("not a control frame: '" + line + "'");
        };
    }

    // One frame, one line: a line break inside a value is written as \n, a backslash as \\.
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
