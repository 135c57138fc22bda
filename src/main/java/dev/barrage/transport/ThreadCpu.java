package dev.barrage.transport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this process's threads by role, read from {@code /proc/self/task/<tid>/stat}
 * (Linux; elsewhere empty), so the benchmark harness can say where the client's time per event
 * went, and the client verdict who else used the CPU: the I/O threads, the JIT compilers, the
 * garbage collector, an embedded simulator, or the rest (the collector, the scheduler).
 * Includes JVM-internal threads that {@link java.lang.management.ThreadMXBean} does not list.
 */
public final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Clock ticks per second of /proc times; 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** Seconds of user + system CPU per role, in a fixed order; empty when /proc is not there. */
    public static Map<String, Double> byRole() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String role : new String[] {"io", "jit", "gc", "sim", "other"}) {
            seconds.put(role, 0.0);
        }
        if (!Files.isDirectory(TASKS)) {
            return Map.of();
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double s = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                seconds.merge(role(name), s, Double::sum);
            }
        } catch (IOException | RuntimeException unreadable) {
            return Map.of();
        }
        return seconds;
    }

    private static String role(String threadName) {
        if (threadName.startsWith("barrage-io")) {
            return "io";
        }
        if (threadName.startsWith("barrage-sim")) {
            return "sim";
        }
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (threadName.startsWith("GC ") || threadName.startsWith("G1 ") || threadName.startsWith("VM Thread")) {
            return "gc";
        }
        return "other";
    }

    /** {@code after - before} per role. */
    public static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((role, s) -> d.put(role, s - before.getOrDefault(role, 0.0)));
        return d;
    }
}
