package dev.ipcmark.results;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.PeerHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine's fingerprint: kernel, CPU, cores, memory, the kernel's CPU vulnerability mitigations, JVM and the
 * kernel's IPC limits, read from {@code /proc} and {@code /sys}, and its memcpy bandwidth ({@link MemcpyBandwidth},
 * measured). A value the machine does not expose is reported as {@code "unknown"}, never guessed.
 */
public final class EnvironmentProbe {
    private static final String UNKNOWN = "unknown";

    /** The environment field holding the run's {@link ExtraJvmOptions}, absent for a plain run. */
    public static final String EXTRA_JVM_OPTIONS = "extraJvmOptions";

    /** The IPC limits reported, as label and file. */
    static final Map<String, String> IPC_LIMITS = ordered(
            "fs.mqueue.msg_max", "/proc/sys/fs/mqueue/msg_max",
            "fs.mqueue.msgsize_max", "/proc/sys/fs/mqueue/msgsize_max",
            "fs.mqueue.queues_max", "/proc/sys/fs/mqueue/queues_max",
            "kernel.msgmax", "/proc/sys/kernel/msgmax",
            "kernel.msgmnb", "/proc/sys/kernel/msgmnb",
            "kernel.msgmni", "/proc/sys/kernel/msgmni",
            "kernel.shmmax", "/proc/sys/kernel/shmmax",
            "kernel.shmall", "/proc/sys/kernel/shmall",
            "kernel.shmmni", "/proc/sys/kernel/shmmni",
            "kernel.sem", "/proc/sys/kernel/sem",
            "fs.pipe-max-size", "/proc/sys/fs/pipe-max-size",
            "net.core.rmem_max", "/proc/sys/net/core/rmem_max",
            "net.core.wmem_max", "/proc/sys/net/core/wmem_max",
            "transparent_hugepage.enabled", "/sys/kernel/mm/transparent_hugepage/enabled",
            "transparent_hugepage.shmem_enabled", "/sys/kernel/mm/transparent_hugepage/shmem_enabled");

    private static final Path VULNERABILITIES = Path.of("/sys/devices/system/cpu/vulnerabilities");
    private static final Pattern VULNERABILITY_NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final int MOST_VULNERABILITIES = 100;

    private EnvironmentProbe() {}

    /** The fingerprint, in a stable order. */
    public static Map<String, Object> probe() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("hostname", read("/proc/sys/kernel/hostname").orElse(UNKNOWN));
        env.put(
                "kernel",
                read("/proc/sys/kernel/ostype").orElse("Linux") + " "
                        + read("/proc/sys/kernel/osrelease").orElse(UNKNOWN));
        env.put("kernelVersion", read("/proc/sys/kernel/version").orElse(UNKNOWN));
        env.put("arch", System.getProperty("os.arch"));
        env.put("cpuModel", cpuInfo("model name").orElse(UNKNOWN));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("cpusOnline", read("/sys/devices/system/cpu/online").orElse(UNKNOWN));
        env.put(
                "clocksource",
                read("/sys/devices/system/clocksource/clocksource0/current_clocksource")
                        .orElse(UNKNOWN));
        env.put(
                "cpuGovernor",
                read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").orElse(UNKNOWN));
        env.put("memTotal", memInfo("MemTotal").orElse(UNKNOWN));
        env.put(MachineIdentity.MITIGATIONS, vulnerabilities(VULNERABILITIES));
        env.put("devShmFree", devShmFree());
        env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("javaVendor", System.getProperty("java.vendor"));
        env.put("javaHome", System.getProperty("java.home"));
        List<String> extraOptions = ExtraJvmOptions.current();
        if (!extraOptions.isEmpty()) {
            env.put(EXTRA_JVM_OPTIONS, String.join(" ", extraOptions));
        }
        Map<String, String> limits = new LinkedHashMap<>();
        IPC_LIMITS.forEach((label, file) -> limits.put(label, read(file).orElse(UNKNOWN)));
        env.put("ipcLimits", limits);
        env.put("memcpyMBps", MemcpyBandwidth.measure());
        env.put("selfOverheadNs", SelfOverhead.measure());
        // The other machine of network: remote cases, as it describes itself.
        PeerHost.current().ifPresent(host -> env.put("peerHost", host.describe()));
        return env;
    }

    /**
     * Each CPU vulnerability the kernel lists in {@code dir} (one file per vulnerability, its state as text), sorted by
     * name; empty when the directory is missing. Only regular files with plain names are read: no link is followed.
     */
    static Map<String, String> vulnerabilities(Path dir) {
        Map<String, String> states = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> VULNERABILITY_NAME
                                    .matcher(f.getFileName().toString())
                                    .matches()
                            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .limit(MOST_VULNERABILITIES)
                    .forEach(f -> KernelFiles.read(f)
                            .ifPresent(text -> states.put(f.getFileName().toString(), text.replaceAll("\\s+", " "))));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return states;
    }

    private static Optional<String> read(String file) {
        return KernelFiles.read(Path.of(file)).map(text -> text.replaceAll("\\s+", " "));
    }

    private static Optional<String> cpuInfo(String key) {
        return field("/proc/cpuinfo", key);
    }

    private static Optional<String> memInfo(String key) {
        return field("/proc/meminfo", key);
    }

    private static Optional<String> field(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key) && l.indexOf(':') > 0)
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String devShmFree() {
        try {
            return Files.getFileStore(Path.of("/dev/shm")).getUsableSpace() / (1024 * 1024) + " MiB";
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
