package dev.barrage.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Main;
import dev.barrage.servermetrics.ExpositionParser;
import dev.barrage.servermetrics.MetricsPage;
import dev.barrage.servermetrics.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's GET /metrics: vLLM's names, driven by its real batch, queue and sequences. */
class SimMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outputs;

    private static MetricsPage scrape(SimServer sim) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        return ExpositionParser.parse(r.body(), false);
    }

    private static double value(MetricsPage page, String name) {
        return page.samples().stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    private static double bucket(MetricsPage page, String histogram, String le) {
        return page.samples().stream().filter(s -> s.name().equals(histogram + "_bucket") && le.equals(s.label("le")))
                .mapToDouble(Sample::value).sum();
    }

    @Test
    void runningWaitingAndKvCacheFollowTheSchedulersState() throws Exception {
        try (SimServer sim = SimServer.start(SimTesting.fastConfig().maxBatch(2).itlMs(10).build())) {
            MetricsPage idle = scrape(sim);
            assertThat(value(idle, "vllm:num_requests_running")).isZero();
            assertThat(value(idle, "vllm:kv_cache_usage_perc")).isZero();
            assertThat(value(idle, "vllm:time_to_first_token_seconds_count")).isZero();
            assertThat(idle.samples().get(0).label("model_name")).isEqualTo(sim.config().model());

            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                SimTesting.chat("\"max_tokens\":150,\"ignore_eos\":true"))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            SimStats busy = SimTesting.awaitStats(sim, s -> s.decoding() == 2 && s.queued() == 4 && s.tokensSent() > 2,
                    Duration.ofSeconds(20));
            assertThat(busy.queued()).isEqualTo(4);
            MetricsPage loaded = scrape(sim);
            assertThat(value(loaded, "vllm:num_requests_running")).isEqualTo(2);
            assertThat(value(loaded, "vllm:num_requests_waiting")).isEqualTo(4);
            // two prompts and the tokens generated so far, of 2 slots x 512 tokens
            assertThat(value(loaded, "vllm:kv_cache_usage_perc")).isBetween(0.001, 1.0);

            int promptTokens = 0;
            for (CompletableFuture<HttpResponse<String>> reply : replies) {
                promptTokens += JSON.readTree(reply.get().body()).path("usage").path("prompt_tokens").asInt();
            }
            SimTesting.awaitStats(sim, s -> s.decoding() == 0, Duration.ofSeconds(10));
            MetricsPage done = scrape(sim);
            assertThat(value(done, "vllm:num_requests_running")).isZero();
            assertThat(value(done, "vllm:kv_cache_usage_perc")).as("every sequence freed its KV tokens").isZero();
            assertThat(value(done, "vllm:time_to_first_token_seconds_count")).isEqualTo(6);
            assertThat(bucket(done, "vllm:time_to_first_token_seconds", "+Inf")).isEqualTo(6);
            assertThat(value(done, "vllm:e2e_request_latency_seconds_count")).isEqualTo(6);
            assertThat(value(done, "vllm:request_queue_time_seconds_count")).isEqualTo(6);
            assertThat(value(done, "vllm:inter_token_latency_seconds_count")).isEqualTo(6 * 149);
            assertThat(value(done, "vllm:request_success_total")).isEqualTo(6);
            assertThat(value(done, "vllm:generation_tokens_total")).isEqualTo(6 * 150);
            assertThat(value(done, "vllm:prompt_tokens_total")).isEqualTo(promptTokens);
            // the waiting four queued behind a full batch: their queue time shows it
            assertThat(value(done, "vllm:request_queue_time_seconds_sum")).isGreaterThan(4 * 1.0);
        }
    }

    @Test
    void theEmbeddedDemoScrapesItsSimulator() throws Exception {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"perf", "--parallel", "2", "--number", "6", "--max-tokens", "8",
                "--no-client-warmup", "--server-metrics-interval", "0.05", "--outputs-dir", outputs.toString(),
                "--no-timestamp"},
                new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(code).as(out.toString()).isZero();
        try (Stream<Path> files = Files.walk(outputs)) {
            Path file = files.filter(f -> f.getFileName().toString().equals("benchmark_summary.json")).findFirst()
                    .orElseThrow();
            JsonNode servers = JSON.readTree(file.toFile()).path("Server Metrics");
            assertThat(servers.size()).isEqualTo(1);
            JsonNode sim = servers.elements().next();
            assertThat(servers.fieldNames().next()).endsWith("/metrics");
            assertThat(sim.path("engine").asText()).isEqualTo("vllm");
            assertThat(sim.path("failed_scrapes").asInt()).isZero();
            assertThat(sim.path("running_requests").path("max").asDouble()).isBetween(1.0, 2.0);
            assertThat(sim.path("ttft").path("count").asDouble()).isEqualTo(6);
            JsonNode tokens = JSON.readTree(file.toFile()).path("Server vs Client").path("tokens");
            assertThat(tokens.path("generation_diff_percent").asDouble()).isZero();
            assertThat(tokens.path("prompt_diff_percent").asDouble()).isZero();
        }
    }
}
