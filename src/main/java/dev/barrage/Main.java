package dev.barrage;

import dev.barrage.cli.BarrageCommand;
import dev.barrage.cli.PerfCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The only place that exits the JVM. Every user error becomes one line on stderr,
 * {@code barrage: error: ...}, and its exit code ({@link ExitCode}); a stack trace is printed
 * only with {@code --debug}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        quietNetty();
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /**
     * Netty's defaults for a process that is Barrage, set before any Netty class loads, each only
     * when the user did not set it (a {@code -D} on the command line wins): no buffer-leak
     * detection (by default it samples 1 in 128 buffers and records a stack trace for each, on
     * the I/O threads: hundreds of Throwables a second under load) and no reference-count and
     * bounds check on every buffer access (Barrage's handlers are tested with them on: the test
     * JVM keeps Netty's defaults).
     */
    static void quietNetty() {
        setIfAbsent("io.netty.leakDetection.level", "disabled");
        setIfAbsent("io.netty.buffer.checkAccessible", "false");
        setIfAbsent("io.netty.buffer.checkBounds", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs one command line and returns its exit code (for tests: no exit). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new BarrageCommand());
        // "@file" is Barrage's own syntax (--prompt @file, --query-template @file), not picocli's argument files
        cli.setExpandAtFiles(false);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("barrage: error: " + ex.getMessage() + " (see 'barrage "
                    + ex.getCommandLine().getCommandName() + " --help')");
            return ExitCode.INVALID_INPUT.code();
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean trace = debug || commandLine.getCommand() instanceof PerfCommand perf && perf.debug();
            if (ex instanceof BarrageException user) {
                err.println("barrage: error: " + user.getMessage());
                if (trace) {
                    ex.printStackTrace(err);
                }
                return user.exitCode().code();
            }
            err.println("barrage: internal error: " + ex + ". Please report it; --debug prints the stack trace.");
            if (trace) {
                ex.printStackTrace(err);
            }
            return ExitCode.INTERNAL_ERROR.code();
        });
        return cli.execute(args);
    }
}
