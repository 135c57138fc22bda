package dev.barrage.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the client verdict learns who had the CPU, from Linux's {@code /proc} and cgroup files:
 * how long a thread of this process waited for a CPU, how busy the whole machine was, and how
 * long a cgroup CPU quota throttled the process. Each reader returns {@code null} (or -1) when
 * its file is missing or unreadable — other systems, or a kernel without that accounting — and
 * never throws. Read a few times per run, never on an I/O thread's hot path.
 */
final class CpuSources {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private CpuSources() {
    }

    /** The calling thread's kernel id, e.g. "12367"; {@code null} when /proc has no thread-self. */
    static String currentTid() {
        try {
            Path target = Files.readSymbolicLink(THREAD_SELF); // "<pid>/task/<tid>"
            return target.getFileName().toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** A thread's time on a CPU and waiting on a run queue, in ns. */
    record Sched(long cpuNanos, long waitNanos) {
    }

    /** {@code /proc/self/task/<tid>/schedstat}: "cpu-ns wait-ns timeslices"; {@code null} when unreadable. */
    static Sched schedstat(String tid) {
        if (tid == null) {
            return null;
        }
        try {
            String[] f = Files.readString(Path.of("/proc/self/task", tid, "schedstat")).trim().split(" ");
            return new Sched(Long.parseLong(f[0]), Long.parseLong(f[1]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The machine's CPU time since boot, in clock ticks, all CPUs together. */
    record Machine(long busyTicks, long stealTicks, long totalTicks, int cpus) {
    }

    /**
     * {@code /proc/stat}'s first line: user nice system idle iowait irq softirq steal (guest time is
     * already inside user). Busy is everything but idle, iowait and steal.
     */
    static Machine machine() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT, StandardCharsets.US_ASCII);
            String[] f = lines.get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
            long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
            long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            int cpus = (int) lines.stream().filter(l -> l.startsWith("cpu") && l.length() > 3
                    && Character.isDigit(l.charAt(3))).count();
            long busy = user + nice + system + irq + softirq;
            return new Machine(busy, steal, busy + idle + iowait + steal, Math.max(1, cpus));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Nanoseconds this process's cgroup spent throttled by its CPU quota (cgroup v2
     * {@code cpu.stat throttled_usec}, v1 {@code cpu.stat throttled_time}); -1 when there is no
     * such file (no cgroup, or no CPU controller).
     */
    static long throttledNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                String rel = f[2].startsWith("/") ? f[2].substring(1) : f[2];
                if (f[0].equals("0") && f[1].isEmpty()) {
                    long v = statValue(CGROUP_ROOT.resolve(rel).resolve("cpu.stat"), "throttled_usec");
                    if (v < 0) { // inside a container's cgroup namespace the own cgroup is the root
                        v = statValue(CGROUP_ROOT.resolve("cpu.stat"), "throttled_usec");
                    }
                    return v < 0 ? -1 : v * 1000;
                }
                if (List.of(f[1].split(",")).contains("cpu")) {
                    return statValue(CGROUP_ROOT.resolve(f[1]).resolve(rel).resolve("cpu.stat"), "throttled_time");
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long statValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
