package dev.ipcmark.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes two machines the same for comparing their numbers: the CPU model, the logical CPUs, the architecture, the
 * kernel's major.minor version, the JVM's feature version, the memory within a few percent, and the kernel's CPU
 * vulnerability mitigations. Not the kernel's build suffix or a few kB of memory a VM reserves differently: two VMs of
 * one type differ in those and measure alike. The mitigations are what a system call costs on entry and exit (page
 * table isolation alone doubles it), so every kernel path moves with them while the CPU model stays the same; a run
 * made before ipcmark recorded them is taken to agree.
 *
 * @param cpuModel the CPU model name
 * @param cpus logical CPUs
 * @param arch the architecture
 * @param kernel the kernel's major.minor version, e.g. {@code 6.18}
 * @param javaFeature the JVM's feature version, e.g. {@code 25}
 * @param memoryKiB total memory in KiB (0 when unknown)
 * @param mitigations each CPU vulnerability's state as the kernel reports it ({@code meltdown} → {@code Mitigation:
 *     PTI}), sorted by name; empty when the run did not record them
 */
public record MachineIdentity(
        String cpuModel,
        String cpus,
        String arch,
        String kernel,
        String javaFeature,
        long memoryKiB,
        SortedMap<String, String> mitigations) {
    /** How far memory sizes may differ and still be one machine type. */
    static final double MEMORY_TOLERANCE = 0.05;

    // A vulnerability one kernel lists and the other does not (an older kernel knows fewer).
    private static final String NOT_REPORTED = "not reported";

    private static final Pattern KERNEL = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern JAVA = Pattern.compile("(\\d+)(?:[.+-]|$)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+)\\s*kB");

    /** The environment field holding the kernel's CPU vulnerability states ({@link EnvironmentProbe}). */
    public static final String MITIGATIONS = "cpuVulnerabilities";

    /** Keeps the map as given, sorted and unmodifiable. */
    public MachineIdentity {
        mitigations = Collections.unmodifiableSortedMap(new TreeMap<>(mitigations));
    }

    /** The identity recorded in a run's environment fingerprint. */
    public static MachineIdentity of(Map<String, Object> environment) {
        String kernel = text(environment, "kernel");
        Matcher k = KERNEL.matcher(kernel);
        String jvm = text(environment, "jvm");
        Matcher v = JAVA.matcher(jvm.replaceFirst("^.*?VM\\s+", ""));
        Matcher m = MEMORY.matcher(text(environment, "memTotal"));
        return new MachineIdentity(
                text(environment, "cpuModel"),
                text(environment, "cpus"),
                text(environment, "arch"),
                k.find() ? k.group(1) + "." + k.group(2) : kernel,
                v.find() ? v.group(1) : jvm,
                m.find() ? Long.parseLong(m.group(1)) : 0,
                mitigations(environment));
    }

    private static SortedMap<String, String> mitigations(Map<String, Object> environment) {
        SortedMap<String, String> states = new TreeMap<>();
        if (environment != null && environment.get(MITIGATIONS) instanceof Map<?, ?> recorded) {
            recorded.forEach((name, state) -> states.put(String.valueOf(name), String.valueOf(state)));
        }
        return states;
    }

    private static String text(Map<String, Object> environment, String key) {
        Object value = environment == null ? null : environment.get(key);
        return value == null ? "unknown" : String.valueOf(value);
    }

    /** Each way {@code other} is another machine type than this one, as "field: this ≠ other"; empty when none. */
    public List<String> differences(MachineIdentity other) {
        List<String> d = new ArrayList<>();
        differ(d, "CPU model", cpuModel, other.cpuModel);
        differ(d, "logical CPUs", cpus, other.cpus);
        differ(d, "architecture", arch, other.arch);
        differ(d, "kernel", kernel, other.kernel);
        differ(d, "Java", javaFeature, other.javaFeature);
        if (memoryKiB > 0 && other.memoryKiB > 0) {
            double ratio = (double) other.memoryKiB / memoryKiB;
            if (Math.abs(ratio - 1) > MEMORY_TOLERANCE) {
                d.add(String.format(
                        Locale.ROOT,
                        "memory: %.1f GiB ≠ %.1f GiB (more than %.0f%% apart)",
                        memoryKiB / 1048576.0,
                        other.memoryKiB / 1048576.0,
                        MEMORY_TOLERANCE * 100));
            }
        }
        if (!mitigations.isEmpty() && !other.mitigations.isEmpty()) {
            SortedSet<String> names = new TreeSet<>(mitigations.keySet());
            names.addAll(other.mitigations.keySet());
            for (String name : names) {
                differ(
                        d,
                        "CPU vulnerability mitigation " + name,
                        mitigations.getOrDefault(name, NOT_REPORTED),
                        other.mitigations.getOrDefault(name, NOT_REPORTED));
            }
        }
        return d;
    }

    private static void differ(List<String> d, String field, String a, String b) {
        if (!a.equals(b)) {
            d.add(field + ": " + a + " ≠ " + b);
        }
    }

    /**
     * A short name for the machine type, for grouping runs of a fleet: {@code x86_64-2cpu-amd-epyc-7b13-23gib}. A
     * scenario run may set its own with {@code --machine-class}.
     */
    public String machineClass() {
        String model = cpuModel.toLowerCase(Locale.ROOT)
                .replaceAll("\\(r\\)|\\(tm\\)|cpu|processor|@.*$|\\d+-core", " ")
                .strip()
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        long gib = Math.round(memoryKiB / 1048576.0);
        return (arch + "-" + cpus + "cpu-" + model + "-" + gib + "gib").replaceAll("-+", "-");
    }
}
