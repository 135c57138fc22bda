package dev.barrage;

import dev.barrage.config.Arguments;
import dev.barrage.load.StopSignal;
import dev.barrage.load.SweepRunner;
import dev.barrage.report.Console;

/**
 * The Java entry point, shaped like evalscope's {@code run_perf_benchmark(Arguments)}:
 * <pre>{@code
 * var args = Arguments.builder().parallel(1, 10).number(10, 20).model("m")
 *         .url("http://127.0.0.1:8801/v1/chat/completions").maxTokens(256).build();
 * BenchmarkResults results = Barrage.runPerfBenchmark(args);
 * }</pre>
 * It prints the same tables as the CLI and writes the same files. User errors (bad input, an
 * unreachable server) are thrown as {@link BarrageException} with the CLI's exit code.
 */
public final class Barrage {
    private Barrage() {
    }

    /** Runs the sweep, printing to standard output. */
    public static BenchmarkResults runPerfBenchmark(Arguments args) {
        return runPerfBenchmark(args, Console.system(), new StopSignal());
    }

    /**
     * Runs the sweep.
     *
     * @param console where progress and tables go (and {@code benchmark.log})
     * @param stop    request a graceful stop from another thread with {@link StopSignal#request}
     */
    public static BenchmarkResults runPerfBenchmark(Arguments args, Console console, StopSignal stop) {
        try {
            return new SweepRunner(args, console, stop).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BarrageException(ExitCode.INTERRUPTED, "interrupted");
        }
    }
}
