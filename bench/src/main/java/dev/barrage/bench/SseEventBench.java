package dev.barrage.bench;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.api.ResponseState;
import dev.barrage.config.Arguments;
import dev.barrage.transport.SseParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The client's per-event work after the bytes arrived, one realistic vLLM chat chunk (about
 * 230 bytes) per operation: SSE framing alone, then SSE plus the OpenAI adapter's JSON handling
 * (what runs on the I/O thread for every token). Each event is fed as its own read, as happens
 * with paced streams.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SseEventBench {
    static final String EVENT = "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"Qwen2.5-0.5B-Instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" lorem\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n";

    private ByteBuf event;
    private SseParser framingOnly;
    private SseParser full;
    private OpenAiAdapter adapter;
    private ResponseState state;
    private Blackhole sink;
    private long nanos;

    @Setup
    public void setup(Blackhole bh) {
        sink = bh;
        event = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(EVENT.getBytes(StandardCharsets.UTF_8)));
        framingOnly = new SseParser((type, data, length, arrivalNanos) -> sink.consume(length), 1 << 20);
        adapter = new OpenAiAdapter(Arguments.builder().model("m").url("http://127.0.0.1:1/v1/chat/completions")
                .build(), "/v1/chat/completions", null);
        full = new SseParser((type, data, length, arrivalNanos) -> {
            if (state.tokenEvents() > 4096) {
                state = new ResponseState(); // a reply of 4096 tokens, then the next one
            }
            adapter.onEvent(data, length, arrivalNanos, state);
        }, 1 << 20);
        state = new ResponseState();
    }

    @Benchmark
    public void sseFraming() {
        framingOnly.feed(event, ++nanos);
    }

    @Benchmark
    public void sseAndJson() {
        full.feed(event, ++nanos);
    }
}
