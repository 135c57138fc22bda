package dev.barrage.bench;

import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Metric aggregation on the collector thread: folding one completed request of 100 tokens into the
 * run ({@code addRecord}, once per request), and building the percentile table at the end of a
 * run of {@code requests} such requests ({@code percentiles}: sorts every sample set once).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBench {
    private static final int TOKENS = 100;

    @Param({"10000"})
    public int requests;

    private RequestRecord record;
    private RunAccumulator accumulator;
    private RunAccumulator full;

    @Setup
    public void setup() {
        record = record(0);
        accumulator = new RunAccumulator();
        full = new RunAccumulator();
        for (int i = 0; i < requests; i++) {
            full.add(record(i));
        }
    }

    /** A streamed success: TTFT 50 ms, then a token every 20 ms with a little spread. */
    static RequestRecord record(long index) {
        long send = index * 1_000_000L;
        long[] tokens = new long[TOKENS];
        for (int t = 0; t < TOKENS; t++) {
            tokens[t] = send + 50_000_000L + t * 20_000_000L + (index * 7 + t * 13) % 1000 * 1000L;
        }
        return new RequestRecord(index, "{}", true, 1_700_000_000_000L, send, send, send, send + 1_000_000L,
                tokens[TOKENS - 1] + 100_000L, tokens, 64, TOKENS, false, -1, -1, "", "", 200, null, null, 1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int addRecord() {
        if (accumulator.count() >= 100_000) {
            accumulator = new RunAccumulator();
        }
        accumulator.add(record);
        return accumulator.count();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PercentileTable percentiles() {
        return full.percentiles();
    }
}
