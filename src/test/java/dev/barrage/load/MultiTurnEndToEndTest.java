package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.tokenizer.TokenizerPromptCounter;
import dev.barrage.tokenizer.TestTokenizers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * --multi-turn end to end against the simulator acting as a prefix-caching server: histories
 * grow with the real replies (content only), --number counts conversations, the server's
 * cached_tokens become the cache hit rate, and the per-conversation table is written.
 */
class MultiTurnEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimServer cachingSim;
    private static SimServer plainSim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        cachingSim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).itlGrowth(0).prefillUsPerToken(20)
                .reasoningTokens(2).prefixCache(true).build());
        plainSim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).itlGrowth(0).prefillUsPerToken(0)
                .build());
    }

    @AfterAll
    static void stop() {
        cachingSim.close();
        plainSim.close();
    }

    private Arguments.Builder conversations(SimServer sim) {
        return Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m").outputsDir(dir.resolve("out"))
                .sleepInterval(0.0).maxTokens(6).extraArgs(Map.of("ignore_eos", true)).dataset("random_multi_turn")
                .minPromptLength(200).maxPromptLength(300).minTurns(3).maxTurns(3).seed(7L);
    }

    private static BenchmarkResults run(Arguments args) {
        return PerfEndToEndTest.run(args, new ByteArrayOutputStream());
    }

    /** Rows grouped by conversation, each list in turn order. */
    private static Map<Long, List<Map<String, Object>>> byConversation(List<Map<String, Object>> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> ((Number) r.get("conversation_id")).longValue(),
                TreeMap::new, Collectors.collectingAndThen(Collectors.toList(), l -> {
                    List<Map<String, Object>> sorted = new ArrayList<>(l);
                    sorted.sort(Comparator.comparingInt(r -> ((Number) r.get("turn")).intValue()));
                    return sorted;
                })));
    }

    @Test
    void historiesGrowWithTheRealRepliesAndTheServersCacheHitsAreReported() throws Exception {
        BenchmarkResults r = run(conversations(cachingSim).parallel(2).number(6).build());
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        assertThat(rows).as("--number counts conversations: 6 of 3 turns").hasSize(18)
                .allSatisfy(row -> assertThat(row.get("success")).as(String.valueOf(row.get("error"))).isEqualTo(1));
        Map<Long, List<Map<String, Object>>> conversations = byConversation(rows);
        assertThat(conversations).hasSize(6).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L);
        for (List<Map<String, Object>> turns : conversations.values()) {
            assertThat(turns).extracting(t -> t.get("turn")).containsExactly(1, 2, 3);
            for (int k = 0; k < turns.size(); k++) {
                JsonNode messages = JSON.readTree((String) turns.get(k).get("request")).get("messages");
                assertThat(messages).hasSize(2 * k + 1);
                assertThat(messages.get(2 * k).get("content").asText().length())
                        .as("without a tokenizer, turns are sized in characters").isBetween(200, 300);
                for (int j = 1; j <= k; j++) {
                    JsonNode assistant = messages.get(2 * j - 1);
                    JsonNode earlierReply = JSON.readTree((String) turns.get(j - 1).get("response_messages"));
                    assertThat(assistant.get("role").asText()).isEqualTo("assistant");
                    assertThat(assistant.get("content").asText()).as("the model's own reply, content only")
                            .isEqualTo(earlierReply.get("content").asText()).isNotBlank();
                    assertThat(earlierReply.get("reasoning_content").asText()).isNotBlank();
                    assertThat(assistant.has("reasoning_content")).as("reasoning is never sent back").isFalse();
                    assertThat(messages.get(2 * j - 2)).isEqualTo(
                            JSON.readTree((String) turns.get(j - 1).get("request")).get("messages").get(2 * j - 2));
                }
                // A later turn starts after the previous reply ended.
                if (k > 0) {
                    assertThat(((Number) turns.get(k).get("start_time")).doubleValue())
                            .isGreaterThanOrEqualTo(((Number) turns.get(k - 1).get("completed_time")).doubleValue());
                }
            }
            assertThat(turns.get(0).get("cached_tokens")).as("nothing to reuse on a first turn").isEqualTo(0);
            assertThat((Integer) turns.get(2).get("cached_tokens")).as("the history is cached")
                    .isGreaterThan((Integer) turns.get(1).get("cached_tokens")).isPositive();
        }
        JsonNode summary = ResultRows.summary(r, 0);
        assertThat(summary.get("Conversations").asInt()).isEqualTo(6);
        assertThat(summary.get("Total Turns").asInt()).isEqualTo(18);
        assertThat(summary.get("Total Requests").asInt()).isEqualTo(18);
        assertThat(summary.get("Avg Turns/Conversation").asDouble()).isEqualTo(3.0);
        assertThat(summary.get("Avg Turns/Request").asDouble()).isEqualTo(2.0);
        assertThat(summary.get("First-Turn TTFT (ms)").asDouble()).isPositive();
        assertThat(summary.get("Subsequent-Turn TTFT (ms)").asDouble()).isPositive();
        long cached = rows.stream().mapToLong(row -> (Integer) row.get("cached_tokens")).sum();
        long prompt = rows.stream().mapToLong(row -> (Integer) row.get("prompt_tokens")).sum();
        assertThat(summary.get("KV Cache Hit Rate (%)").asDouble()).isCloseTo(100.0 * cached / prompt,
                org.assertj.core.data.Offset.offset(0.001)).isGreaterThan(20);
        assertThat(summary.get("KV Cache Hit Source").asText()).startsWith("server cached_tokens (18 of 18");
        JsonNode trace = JSON.readTree(r.runs().get(0).folder().resolve("trace_summary.json").toFile());
        assertThat(trace.get("n_traces").asInt()).isEqualTo(6);
        Map<String, JsonNode> metrics = new TreeMap<>();
        trace.get("rows").forEach(row -> metrics.put(row.get("metric").asText(), row));
        assertThat(metrics).containsKeys("Latency (s)", "Turns", "First-Turn TTFT (ms)", "TTFAT (s)",
                "Cache Hit Rate (%)");
        assertThat(metrics.get("Turns").get("min").asDouble()).isEqualTo(3.0);
        assertThat(trace.get("ttft_by_turn")).extracting(row -> row.get("turn").asInt()).containsExactly(1, 2, 3);
        assertThat(trace.get("ttft_by_turn")).allSatisfy(row -> assertThat(row.get("count").asInt()).isEqualTo(6));
        double maxConversationLatency = conversations.values().stream().mapToDouble(turns ->
                ((Number) turns.get(2).get("completed_time")).doubleValue()
                        - ((Number) turns.get(0).get("start_time")).doubleValue()).max().orElseThrow();
        assertThat(metrics.get("Latency (s)").get("max").asDouble()).isCloseTo(maxConversationLatency,
                org.assertj.core.data.Offset.offset(0.001));
        Path root = r.runs().get(0).folder().getParent();
        assertThat(Files.readString(root.resolve("performance_summary.txt"))).contains("Conversations:")
                .contains("First-turn TTFT (ms)");
        assertThat(Files.readString(root.resolve("perf_report.html"))).contains("<h2>Conversations</h2>");
        // barrage report rebuilds it from the database alone
        Path traceFile = r.runs().get(0).folder().resolve("trace_summary.json");
        Files.delete(traceFile);
        dev.barrage.report.ReportFiles.rebuild(root, new dev.barrage.report.Console(new java.io.PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
        assertThat(JSON.readTree(traceFile.toFile())).isEqualTo(trace);
    }

    @Test
    void withoutCachedTokensTheHitRateIsAbsentAndTheEstimateIsLabelled() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).parallel(1).number(2).minTurns(2).build());
        JsonNode summary = ResultRows.summary(r, 0);
        assertThat(summary.get("KV Cache Hit Rate (%)").isNull()).isTrue();
        assertThat(summary.get("KV Cache Hit Source").asText()).contains("not reported");
        assertThat(summary.get("Reusable Prefix Estimate (%)").asDouble()).isBetween(1.0, 100.0);
    }

    @Test
    void thinkTimeSeparatesAReplyFromTheNextTurn() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).parallel(1).number(1).thinkTime(0.3).build());
        List<Map<String, Object>> turns = byConversation(ResultRows.of(r, 0)).get(0L);
        assertThat(turns).hasSize(3);
        for (int k = 1; k < 3; k++) {
            double gap = ((Number) turns.get(k).get("start_time")).doubleValue()
                    - ((Number) turns.get(k - 1).get("completed_time")).doubleValue();
            assertThat(gap).isBetween(0.29, 2.0);
            double intendedGap = ((Number) turns.get(k).get("intended_start_time")).doubleValue()
                    - ((Number) turns.get(k - 1).get("completed_time")).doubleValue();
            assertThat(intendedGap).as("intended = previous reply end + think time").isCloseTo(0.3,
                    org.assertj.core.data.Offset.offset(0.001));
        }
    }

    @Test
    void aRateStartsConversationsAsArrivalsWhileTheirTurnsRunInOrder() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).parallel(20).number(10).rate(10.0).arrival("constant")
                .minTurns(2).maxTurns(2).build());
        Map<Long, List<Map<String, Object>>> conversations = byConversation(ResultRows.of(r, 0));
        assertThat(conversations).hasSize(10);
        double[] starts = conversations.values().stream().mapToDouble(t -> ((Number) t.get(0).get("intended_start_time"))
                .doubleValue()).sorted().toArray();
        assertThat(starts[9] - starts[0]).as("10 arrivals at 10/s span 0.9 s").isCloseTo(0.9,
                org.assertj.core.data.Offset.offset(0.01));
        JsonNode summary = ResultRows.summary(r, 0);
        assertThat(summary.get("Achieved Conversation Rate (conv/s)").asDouble()).isBetween(8.0, 12.0);
        assertThat(summary.get("Total Turns").asInt()).isEqualTo(20);
    }

    @Test
    void customConversationsKeepTheirSystemMessageAndAreCutAtMaxTurns() throws Exception {
        Path file = dir.resolve("conversations.jsonl");
        Files.writeString(file, """
                [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name a colour."}, \
                {"role": "assistant", "content": "DATASET REPLY"}, {"role": "user", "content": "Another?"}, \
                {"role": "assistant", "content": "x"}, {"role": "user", "content": "And a third?"}]
                {"messages": [{"role": "user", "content": "Hello"}]}
                """, StandardCharsets.UTF_8);
        BenchmarkResults r = run(Arguments.builder().url(plainSim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(dir.resolve("out")).sleepInterval(0.0).maxTokens(4).dataset("custom_multi_turn")
                .datasetPath(file.toString()).maxTurns(2).parallel(1).number(2).build());
        Map<Long, List<Map<String, Object>>> conversations = byConversation(ResultRows.of(r, 0));
        assertThat(conversations.get(0L)).hasSize(2);
        assertThat(conversations.get(1L)).hasSize(1);
        JsonNode second = JSON.readTree((String) conversations.get(0L).get(1).get("request")).get("messages");
        assertThat(second).hasSize(4);
        assertThat(second.get(0).get("role").asText()).isEqualTo("system");
        assertThat(second.get(2).get("content").asText()).isNotEqualTo("DATASET REPLY").isEqualTo(
                JSON.readTree((String) conversations.get(0L).get(0).get("response_messages")).get("content").asText());
        assertThat(second.get(3).get("content").asText()).isEqualTo("Another?");
    }

    @Test
    void shareGptConversationsInEvalscopesSwiftFormat() throws Exception {
        Path file = dir.resolve("sharegpt.jsonl");
        Files.writeString(file, """
                {"conversation": [{"human": "Hi there", "assistant": "Hello!"}, {"human": "How are you?", "assistant": "Fine."}]}
                {"conversation": [{"human": "One question", "assistant": "One answer"}]}
                """, StandardCharsets.UTF_8);
        BenchmarkResults r = run(Arguments.builder().url(plainSim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(dir.resolve("out")).sleepInterval(0.0).maxTokens(4).dataset("share_gpt_en_multi_turn")
                .datasetPath(file.toString()).parallel(2).number(2).build());
        JsonNode summary = ResultRows.summary(r, 0);
        assertThat(summary.get("Conversations").asInt()).isEqualTo(2);
        assertThat(summary.get("Total Turns").asInt()).isEqualTo(3);
    }

    @Test
    void withATokenizerEachTurnIsExactlyItsDrawnLengthInTokens() throws Exception {
        String qwen = TestTokenizers.qwen3Dir().toString();
        dev.barrage.tokenizer.Tokenizer tokenizer = TestTokenizers.qwen3();
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(0).build(),
                new TokenizerPromptCounter(tokenizer))) {
            BenchmarkResults r = run(conversations(sim).tokenizerPath(qwen).minPromptLength(64).maxPromptLength(64)
                    .minTurns(2).maxTurns(2).parallel(2).number(4).build());
            List<Map<String, Object>> rows = ResultRows.of(r, 0);
            assertThat(rows).hasSize(8);
            java.util.Set<Object> firstTurnPrompts = new java.util.HashSet<>();
            for (Map<String, Object> row : rows) {
                JsonNode messages = JSON.readTree((String) row.get("request")).get("messages");
                String newest = messages.get(messages.size() - 1).get("content").asText();
                assertThat(tokenizer.count(newest)).isEqualTo(64);
                if (row.get("turn").equals(1)) {
                    firstTurnPrompts.add(row.get("prompt_tokens"));
                }
            }
            assertThat(firstTurnPrompts).as("64 tokens plus the same chat template every time").hasSize(1);
            assertThat((Integer) firstTurnPrompts.iterator().next()).isBetween(65, 80);
        }
    }

    @Test
    void conversationsSpeakTheOtherChatApisToo() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).url(plainSim.baseUrl()).api("anthropic").parallel(1).number(2)
                .minTurns(2).maxTurns(2).build());
        Map<Long, List<Map<String, Object>>> conversations = byConversation(ResultRows.of(r, 0));
        assertThat(conversations).hasSize(2).allSatisfy((id, turns) -> {
            assertThat(turns).hasSize(2).allSatisfy(t -> assertThat(t.get("success")).isEqualTo(1));
            JsonNode second = readTree((String) turns.get(1).get("request")).get("messages");
            assertThat(second).hasSize(3);
            assertThat(second.get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(second.get(1).get("content").asText()).isEqualTo(
                    readTree((String) turns.get(0).get("response_messages")).get("content").asText());
        });
    }

    @Test
    void afterTheDurationNoConversationStartsAndThoseUnderWayFinish() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).parallel(2).number(1000).minTurns(4).maxTurns(4)
                .thinkTime(0.1).duration(0.5).build());
        Map<Long, List<Map<String, Object>>> conversations = byConversation(ResultRows.of(r, 0));
        assertThat(conversations.size()).isBetween(2, 10);
        assertThat(conversations.values()).allSatisfy(turns -> assertThat(turns).hasSize(4));
        assertThat(ResultRows.summary(r, 0).get("Conversations").asInt()).isEqualTo(conversations.size());
    }

    @Test
    void trieTracesReplayTheirLengthsCapsAndToolLatencies() throws Exception {
        Path file = dir.resolve("agentic_coding_8k.jsonl");
        Files.writeString(file, """
                {"input_prompt_length": 50, "num_turns": 2, "assistant_response_length": [5, 7], \
                "tool_call_output_length": [20, 30], "tool_call_latency": [0.25, 0.1], "final_assistant_response_length": 3}
                {"input_prompt_length": 40, "num_turns": 0, "assistant_response_length": [], \
                "tool_call_output_length": [], "tool_call_latency": [], "final_assistant_response_length": 4}
                """, StandardCharsets.UTF_8);
        BenchmarkResults r = run(Arguments.builder().url(plainSim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(dir.resolve("out")).sleepInterval(0.0).dataset("trie_agentic_coding")
                .datasetPath(file.toString()).extraArgs(Map.of("ignore_eos", true)).parallel(1).number(2).build());
        Map<Long, List<Map<String, Object>>> conversations = byConversation(ResultRows.of(r, 0));
        List<Map<String, Object>> trace = conversations.get(0L);
        assertThat(trace).extracting(t -> t.get("completion_tokens")).containsExactly(5, 7, 3);
        int[] lengths = {50, 20, 30};
        double[] waits = {0, 0.25, 0.1};
        for (int k = 0; k < 3; k++) {
            JsonNode request = readTree((String) trace.get(k).get("request"));
            JsonNode messages = request.get("messages");
            assertThat(messages.get(messages.size() - 1).get("content").asText())
                    .as("no tokenizer: recorded lengths as characters").hasSize(lengths[k]);
            assertThat(request.get("model").asText()).isEqualTo("m");
            if (k > 0) {
                double intendedGap = ((Number) trace.get(k).get("intended_start_time")).doubleValue()
                        - ((Number) trace.get(k - 1).get("completed_time")).doubleValue();
                assertThat(intendedGap).as("the recorded tool latency").isCloseTo(waits[k],
                        org.assertj.core.data.Offset.offset(0.001));
                double gap = ((Number) trace.get(k).get("start_time")).doubleValue()
                        - ((Number) trace.get(k - 1).get("completed_time")).doubleValue();
                assertThat(gap).isGreaterThanOrEqualTo(waits[k] - 0.01);
            }
        }
        assertThat(conversations.get(1L)).extracting(t -> t.get("completion_tokens")).containsExactly(4);
        Files.writeString(file, "{\"input_prompt_length\": 5, \"num_turns\": 2, \"assistant_response_length\": [1],"
                + " \"tool_call_output_length\": [1, 1], \"tool_call_latency\": [0, 0], \"final_assistant_response_length\": 1}\n");
        assertThatThrownBy(() -> run(Arguments.builder().url(plainSim.baseUrl()).model("m").outputsDir(dir.resolve("o2"))
                .dataset("trie_code_qa").datasetPath(file.toString()).build())).isInstanceOf(BarrageException.class)
                .hasMessageContaining("Malformed line 1").hasMessageContaining("assistant_response_length");
    }

    @Test
    void sweSmithPrebuiltConversationsAndTrajectoriesCutByTokens() throws Exception {
        Path prebuilt = dir.resolve("agentic_dataset.json");
        Files.writeString(prebuilt, """
                {"conversations": [[{"messages": [{"role": "user", "content": "Fix the bug in parser.py"}], "prompt_tokens": 9},
                  {"messages": [{"role": "user", "content": "Tests still fail: AssertionError"}], "prompt_tokens": 30}]]}
                """, StandardCharsets.UTF_8);
        BenchmarkResults r = run(Arguments.builder().url(plainSim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(dir.resolve("out")).sleepInterval(0.0).maxTokens(4).dataset("swe_smith")
                .datasetPath(prebuilt.toString()).parallel(1).number(1).build());
        List<Map<String, Object>> turns = byConversation(ResultRows.of(r, 0)).get(0L);
        assertThat(turns).hasSize(2);
        JsonNode second = readTree((String) turns.get(1).get("request")).get("messages");
        assertThat(second).extracting(m -> m.get("role").asText()).containsExactly("user", "assistant", "user");
        assertThat(second.get(2).get("content").asText()).isEqualTo("Tests still fail: AssertionError");

        dev.barrage.tokenizer.Tokenizer tokenizer = TestTokenizers.qwen3();
        String longText = "The function returns the wrong value when the input list is empty. ".repeat(20);
        Path trajectories = dir.resolve("trajectories.jsonl");
        String messages = JSON.writeValueAsString(List.of(Map.of("role", "system", "content", "You are an agent."),
                Map.of("role", "user", "content", longText), Map.of("role", "assistant", "content", "Looking."),
                Map.of("role", "tool", "content", longText), Map.of("role", "assistant", "content", "Done.")));
        Files.writeString(trajectories, JSON.writeValueAsString(Map.of("messages", messages)) + "\n");
        BenchmarkResults built = run(Arguments.builder().url(plainSim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(dir.resolve("out")).sleepInterval(0.0).maxTokens(4).dataset("swe_smith")
                .datasetPath(trajectories.toString()).tokenizerPath(TestTokenizers.qwen3Dir().toString())
                .datasetArgs(Map.of("first_turn_length", 60, "subsequent_turn_length", 25)).minTurns(2).maxTurns(2)
                .parallel(1).number(1).build());
        List<Map<String, Object>> builtTurns = byConversation(ResultRows.of(built, 0)).get(0L);
        assertThat(builtTurns).hasSize(2);
        JsonNode last = readTree((String) builtTurns.get(1).get("request")).get("messages");
        assertThat(last).hasSize(3);
        assertThat(tokenizer.count(last.get(0).get("content").asText())).as("turn 1 cut to 60 tokens").isBetween(58, 62);
        assertThat(tokenizer.count(last.get(2).get("content").asText())).as("turn 2: the tool output cut to 25 tokens")
                .isBetween(23, 27);
    }

    @Test
    void aStopEndsConversationsAndKeepsEveryTurnMeasured() throws Exception {
        StopSignal stop = new StopSignal();
        long before = plainSim.stats().completed();
        Thread stopper = new Thread(() -> {
            try {
                // Stop once the run is under way, however slowly a loaded machine got there.
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (plainSim.stats().completed() < before + 10 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            stop.request("test");
        });
        stopper.start();
        BenchmarkResults r = dev.barrage.Barrage.runPerfBenchmark(conversations(plainSim).parallel(3).number(10000)
                .minTurns(50).maxTurns(50).build(), new dev.barrage.report.Console(new java.io.PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false), stop);
        stopper.join();
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        JsonNode summary = ResultRows.summary(r, 0);
        assertThat(r.runs().get(0).interrupted()).isTrue();
        assertThat(rows).isNotEmpty();
        assertThat(summary.get("Total Turns").asInt() + summary.get("Interrupted Requests").asInt())
                .as("every turn sent is in the summary").isEqualTo(rows.size());
        assertThat(summary.get("Conversations").asInt()).isBetween(3, 9999);
        assertThat(r.runs().get(0).folder().resolve("trace_summary.json")).exists();
    }

    @Test
    void aConversationWaitingForASlotShowsItAsItsFirstTurnsQueueTime() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).parallel(1).number(6).rate(200.0).arrival("constant")
                .minTurns(2).maxTurns(2).build());
        Map<Long, List<Map<String, Object>>> conversations = byConversation(ResultRows.of(r, 0));
        assertThat(conversations).hasSize(6);
        assertThat(conversations.values()).allSatisfy(turns -> assertThat(((Number) turns.get(1).get("queue_time"))
                .doubleValue()).as("a later turn never waits for a slot").isZero());
        assertThat(conversations.get(5L).get(0).get("queue_time")).as("arrivals every 5 ms, conversations of two turns")
                .satisfies(q -> assertThat(((Number) q).doubleValue()).isPositive());
    }

    @Test
    void anOpenLoopBeyondMaxInFlightDropsConversationsAndCountsThem() throws Exception {
        BenchmarkResults r = run(conversations(plainSim).openLoop(true).rate(100.0).arrival("constant").maxInFlight(1)
                .number(10).minTurns(2).maxTurns(2).thinkTime(0.2).build());
        JsonNode summary = ResultRows.summary(r, 0);
        int conversations = summary.get("Conversations").asInt();
        assertThat(conversations).as("one conversation under way at a time, each taking over 0.2 s").isBetween(1, 3);
        assertThat(summary.get("Dropped Requests").asInt()).isEqualTo(10 - conversations);
        assertThat(r.runs().get(0).interrupted()).as("drops are not an interruption").isFalse();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void misuseIsOneClearError() throws Exception {
        Path out = dir.resolve("out");
        Path questions = dir.resolve("qa.jsonl");
        Files.writeString(questions, "{\"question\": \"Why?\"}\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> run(Arguments.builder().url(plainSim.baseUrl()).model("m").outputsDir(out)
                .multiTurn(true).dataset("openqa").datasetPath(questions.toString()).build()))
                .isInstanceOf(BarrageException.class).hasMessageContaining("gives single prompts");
        assertThatThrownBy(() -> run(Arguments.builder().url(plainSim.baseUrl()).model("m").outputsDir(out)
                .multiTurn(true).build())).isInstanceOf(BarrageException.class)
                .hasMessageContaining("'--multi-turn' needs a conversation dataset");
        assertThatThrownBy(() -> run(Arguments.builder().url(plainSim.baseUrl()).model("m").outputsDir(out)
                .dataset("random_multi_turn").maxPromptLength(10).build())).isInstanceOf(BarrageException.class)
                .hasMessageContaining("needs --max-turns");
        assertThatThrownBy(() -> run(Arguments.builder().url(plainSim.baseUrl() + "/v1/completions").model("m")
                .outputsDir(out).dataset("random_multi_turn").maxTurns(2).maxPromptLength(10).build()))
                .isInstanceOf(BarrageException.class).hasMessageContaining("chat endpoint");
        assertThatThrownBy(() -> run(Arguments.builder().url(plainSim.baseUrl()).model("m").outputsDir(out)
                .maxTurns(3).build())).isInstanceOf(BarrageException.class).hasMessageContaining("add --multi-turn");
    }
}
