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
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command line and returns its exit code (for tests: no exit). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new BarrageCommand());
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
