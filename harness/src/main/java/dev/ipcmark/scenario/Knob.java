package dev.ipcmark.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A setting of a transport that changes what a case costs (blocking mode, buffer size, sync strategy …). A transport
 * declares its knobs; scenario files set them per case block; every value is validated when the scenario is loaded and
 * written in canonical form into the case key.
 *
 * @param name the knob's id in scenario files, case keys and CSV columns (lower-case kebab)
 * @param description one line saying what it changes
 * @param defaultValue the value a case gets when its block does not set the knob
 * @param values what the knob accepts
 * @param strategy whether it chooses a strategy (how to wait, what to lock, which kind of segment …) rather than
 *     tuning one: the transport contract test runs every value of a strategy knob, the defaults of the others
 * @param keyedAtDefault whether a case key carries the knob at its default value too; a knob added after runs were
 *     recorded does not, so that their keys still match
 */
public record Knob(
        String name, String description, String defaultValue, Values values, boolean strategy, boolean keyedAtDefault) {
    /** The value that leaves a buffer size as the kernel sets it. */
    public static final String KERNEL_DEFAULT = "default";

    /** Validates the declaration: the default must be one of the accepted values. */
    public Knob {
        if (values.problem(defaultValue).isPresent()) {
            throw new IllegalArgumentException("knob " + name + " has an invalid default " + defaultValue);
        }
    }

    /** A knob of the given default and values, not a strategy. */
    public Knob(String name, String description, String defaultValue, Values values) {
        this(name, description, defaultValue, values, false, true);
    }

    /** A knob with a fixed list of ids; the first is the default. */
    public static Knob choice(String name, String description, List<String> ids) {
        return new Knob(name, description, ids.getFirst(), new Choice(ids));
    }

    /** This knob, marked as choosing a strategy. */
    public Knob asStrategy() {
        return new Knob(name, description, defaultValue, values, true, keyedAtDefault);
    }

    /** This knob, left out of case keys at its default value (see {@link #keyedAtDefault}). */
    public Knob unkeyedAtDefault() {
        return new Knob(name, description, defaultValue, values, strategy, false);
    }

    /** A buffer size between {@code min} and {@code max} bytes, or {@value #KERNEL_DEFAULT} (the default). */
    public static Knob bufferSize(String name, String description, long min, long max, String maxSource) {
        return new Knob(name, description, KERNEL_DEFAULT, new SizeRange(min, max, maxSource, "the kernel's"));
    }

    /**
     * A size between {@code min} and {@code max} bytes, or {@value #KERNEL_DEFAULT} (the default), which means
     * {@code defaultMeaning}.
     */
    public static Knob size(
            String name, String description, long min, long max, String maxSource, String defaultMeaning) {
        return new Knob(name, description, KERNEL_DEFAULT, new SizeRange(min, max, maxSource, defaultMeaning));
    }

    /** A whole number between {@code min} and {@code max}. */
    public static Knob number(String name, String description, long defaultValue, long min, long max) {
        return new Knob(name, description, Long.toString(defaultValue), new NumberRange(min, max, List.of()));
    }

    /** A whole number between {@code min} and {@code max}, or one of {@code words} (e.g. {@code unbounded}). */
    public static Knob numberOr(
            String name, String description, String defaultValue, long min, long max, List<String> words) {
        return new Knob(name, description, defaultValue, new NumberRange(min, max, words));
    }

    /** One of {@code ids} (the first is the default), or two different CPU numbers {@code A+B}. */
    public static Knob choiceOrCpuPair(String name, String description, List<String> ids) {
        return new Knob(name, description, ids.getFirst(), new ChoiceOrCpuPair(ids));
    }

    /** What {@code value} is wrong with, if anything, as the end of a sentence. */
    public Optional<String> problem(String value) {
        return values.problem(value);
    }

    /** The canonical spelling of a valid {@code value} ({@code 65536} becomes {@code 64KiB}). */
    public String canonical(String value) {
        return values.canonical(value);
    }

    /** The accepted values, described for help and error messages. */
    public String allowed() {
        return values.allowed();
    }

    /** The set of values a knob accepts. */
    public sealed interface Values permits Choice, SizeRange, NumberRange, ChoiceOrCpuPair {
        /** What is wrong with {@code value}, if anything. */
        Optional<String> problem(String value);

        /** The canonical spelling of a valid value. */
        default String canonical(String value) {
            return value.strip();
        }

        /** The accepted values, for humans. */
        String allowed();
    }

    /**
     * One of a fixed list of ids.
     *
     * @param ids the accepted ids, in the order they are listed
     */
    public record Choice(List<String> ids) implements Values {
        /** Copies the list. */
        public Choice {
            ids = List.copyOf(ids);
        }

        @Override
        public Optional<String> problem(String value) {
            return ids.contains(value.strip()) ? Optional.empty() : Optional.of("it is not one of the choices");
        }

        @Override
        public String allowed() {
            return String.join(", ", ids);
        }
    }

    /**
     * One of a fixed list of ids, or a pair of different CPU numbers {@code A+B} (the measuring process on CPU A, the
     * other on B).
     *
     * @param ids the accepted ids, in the order they are listed
     */
    public record ChoiceOrCpuPair(List<String> ids) implements Values {
        /** The largest CPU number a pair may name (the kernel's NR_CPUS limit on common builds). */
        public static final int MAX_CPU = 8191;

        private static final java.util.regex.Pattern PAIR = java.util.regex.Pattern.compile("(\\d{1,4})\\+(\\d{1,4})");

        /** Copies the list. */
        public ChoiceOrCpuPair {
            ids = List.copyOf(ids);
        }

        /** The two CPUs of {@code value} when it is a pair. */
        public static Optional<int[]> pair(String value) {
            java.util.regex.Matcher m = PAIR.matcher(value.strip());
            return m.matches()
                    ? Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))})
                    : Optional.empty();
        }

        @Override
        public Optional<String> problem(String value) {
            if (ids.contains(value.strip())) {
                return Optional.empty();
            }
            Optional<int[]> pair = pair(value);
            if (pair.isEmpty()) {
                return Optional.of("it is neither one of the choices nor two CPU numbers joined by '+'");
            }
            int[] cpus = pair.get();
            if (cpus[0] > MAX_CPU || cpus[1] > MAX_CPU) {
                return Optional.of("a CPU number is above " + MAX_CPU);
            }
            return cpus[0] == cpus[1]
                    ? Optional.of("the two CPUs are the same: a pair names two different CPUs")
                    : Optional.empty();
        }

        @Override
        public String canonical(String value) {
            return pair(value).map(c -> c[0] + "+" + c[1]).orElse(value.strip());
        }

        @Override
        public String allowed() {
            return String.join(", ", ids)
                    + ", or two CPUs A+B (e.g. 0+2: the measuring process on CPU 0, the other on 2)";
        }
    }

    /**
     * A byte size in a range, or {@value #KERNEL_DEFAULT}.
     *
     * @param min smallest accepted size
     * @param max largest accepted size
     * @param maxSource where the maximum comes from (e.g. {@code /proc/sys/fs/pipe-max-size}), for error messages
     * @param defaultMeaning what {@value #KERNEL_DEFAULT} stands for, for humans
     */
    public record SizeRange(long min, long max, String maxSource, String defaultMeaning) implements Values {
        @Override
        public Optional<String> problem(String value) {
            if (value.strip().equals(KERNEL_DEFAULT)) {
                return Optional.empty();
            }
            long bytes;
            try {
                bytes = Sizes.parse(value);
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
            if (bytes < min || bytes > max) {
                return Optional.of(Sizes.format(bytes) + " is out of range");
            }
            return Optional.empty();
        }

        @Override
        public String canonical(String value) {
            String v = value.strip();
            return v.equals(KERNEL_DEFAULT) ? v : Sizes.format(Sizes.parse(v));
        }

        @Override
        public String allowed() {
            return KERNEL_DEFAULT + " (" + defaultMeaning + "), or " + Sizes.format(min) + " to " + Sizes.format(max)
                    + " (" + maxSource + ")";
        }
    }

    /**
     * A whole number in a range, or one of a few words.
     *
     * @param min smallest accepted value
     * @param max largest accepted value
     * @param words further accepted values
     */
    public record NumberRange(long min, long max, List<String> words) implements Values {
        /** Copies the words. */
        public NumberRange {
            words = List.copyOf(words);
        }

        @Override
        public Optional<String> problem(String value) {
            if (words.contains(value.strip())) {
                return Optional.empty();
            }
            try {
                long n = Long.parseLong(value.strip());
                return n >= min && n <= max ? Optional.empty() : Optional.of(n + " is out of range");
            } catch (NumberFormatException e) {
                return Optional.of("'" + value + "' is not a whole number");
            }
        }

        @Override
        public String canonical(String value) {
            String v = value.strip();
            return words.contains(v) ? v : Long.toString(Long.parseLong(v));
        }

        @Override
        public String allowed() {
            return "a whole number from " + min + " to " + max
                    + words.stream().map(w -> ", or " + w).reduce("", String::concat);
        }
    }
}
