package dev.barrage.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code barrage perf} process (a separate JVM on this test's class path) whose output is
 * collected line by line, so a test can wait for a phase and send it real signals.
 */
final class PerfProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    PerfProcess(String... perfArgs) throws Exception {
        this(List.of(), Map.of(), perfArgs);
    }

    /** @param env variables set (or, with a {@code null} value, removed) in the child's environment */
    PerfProcess(Map<String, String> env, String... perfArgs) throws Exception {
        this(List.of(), env, perfArgs);
    }

    /** @param jvmOptions for the child JVM, e.g. {@code -Xmx64m} */
    PerfProcess(List<String> jvmOptions, String... perfArgs) throws Exception {
        this(jvmOptions, Map.of(), perfArgs);
    }

    private PerfProcess(List<String> jvmOptions, Map<String, String> env, String... perfArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.barrage.Main", "perf"));
        command.addAll(List.of(perfArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        process = builder.start();
        reader = new Thread(this::readLines, "perf-process-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (Exception ignored) {
            // the process ended
        }
    }

    /** Waits until a line matches; fails with everything printed so far when it does not come. */
    void awaitLine(Predicate<String> match, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (lines) {
            while (lines.stream().noneMatch(match)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the expected line did not come; output:\n" + output());
                }
                lines.wait(left);
            }
        }
    }

    /** Sends a signal by name: TERM, INT or KILL. */
    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
    }

    /** Waits for the exit; returns the code, or -1 when it did not exit in time. */
    int awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            return -1;
        }
        reader.join(5000);
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
