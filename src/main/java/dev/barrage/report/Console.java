package dev.barrage.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Everything a run says, to the terminal and to {@code benchmark.log} at the sweep root. Progress
 * rewrites one line on a terminal and prints plain lines otherwise (logs, CI). Thread-safe: the
 * collector thread reports progress while the main thread prints.
 */
public final class Console implements AutoCloseable {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final PrintStream out;
    private final boolean terminal;
    private final boolean color;
    private BufferedWriter log;
    private boolean progressOpen;

    /**
     * @param terminal true when {@code out} is an interactive terminal (progress rewrites its line)
     */
    public Console(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.color = terminal && System.getenv("NO_COLOR") == null;
    }

    /** A console on standard output, detecting whether it is a terminal. */
    public static Console system() {
        return new Console(System.out, stdoutIsTerminal());
    }

    /**
     * {@code System.console()} alone is not enough: from JDK 22 it exists even when output is
     * redirected. On Linux, standard output is a terminal when fd 1 points at a tty device.
     */
    static boolean stdoutIsTerminal() {
        if (System.console() == null) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return true;
        }
    }

    public boolean terminal() {
        return terminal;
    }

    /** True when colours may be used on the terminal (a terminal, and {@code NO_COLOR} unset). */
    public boolean color() {
        return color;
    }

    /** From now on, also write every line to {@code file}. */
    public synchronized void attachLog(Path file) throws IOException {
        log = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    public synchronized void info(String message) {
        closeProgress();
        out.println(message);
        logLine("INFO", message);
    }

    public synchronized void warn(String message) {
        closeProgress();
        out.println("WARNING: " + message);
        logLine("WARNING", message);
    }

    /** Lines logged to the file only (e.g. --debug details). */
    public synchronized void debug(String message) {
        logLine("DEBUG", message);
    }

    /** A multi-line block such as a table, printed as is. */
    public synchronized void block(String text) {
        closeProgress();
        out.print(text.endsWith("\n") ? text : text + "\n");
        if (log != null) {
            try {
                log.write(text.endsWith("\n") ? text : text + "\n");
                log.flush();
            } catch (IOException e) {
                // the console still has it; a full disk must not stop the benchmark
            }
        }
    }

    /** A progress line: rewritten in place on a terminal, one plain line otherwise. */
    public synchronized void progress(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            progressOpen = true;
        } else {
            out.println(line);
            logLine("INFO", line);
        }
    }

    /** Ends an open progress line on a terminal and keeps its last state in the log. */
    public synchronized void endProgress(String finalLine) {
        if (terminal) {
            out.print("\r" + finalLine + "\u001b[K\n");
            progressOpen = false;
            logLine("INFO", finalLine);
        } else {
            progress(finalLine);
        }
    }

    private void closeProgress() {
        if (progressOpen) {
            out.println();
            progressOpen = false;
        }
    }

    private void logLine(String level, String message) {
        if (log == null) {
            return;
        }
        try {
            log.write(LOG_TIME.format(LocalDateTime.now()) + " - barrage - " + level + " - " + message);
            log.newLine();
            log.flush();
        } catch (IOException e) {
            // the console still has it; a full disk must not stop the benchmark
        }
    }

    /** Stops writing to the log file attached by {@link #attachLog}. */
    public synchronized void detachLog() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing left to save
            }
            log = null;
        }
    }

    @Override
    public synchronized void close() {
        closeProgress();
        out.flush();
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing left to save
            }
            log = null;
        }
    }
}
