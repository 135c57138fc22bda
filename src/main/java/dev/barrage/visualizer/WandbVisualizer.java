package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.StepResult;
import dev.barrage.store.JsonFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --visualizer wandb}: W&amp;B's HTTP API as its SDK uses it (there is no Java SDK). All
 * calls carry HTTP Basic auth {@code api:<key>}.
 * <ol>
 *   <li>{@code POST <base>/graphql}, query {@code Viewer}: the key's default entity.</li>
 *   <li>{@code POST <base>/graphql}, mutation {@code UpsertBucket} (input {@code name}, {@code modelName}
 *       = project {@value #PROJECT}, {@code entityName}, {@code displayName}, {@code config}): creates the
 *       run; the config is W&amp;B's {@code {"key": {"value": v}}} JSON of the masked arguments.</li>
 *   <li>Per sweep step, {@code POST <base>/files/<entity>/<project>/<run>/file_stream} with
 *       {@code {"files": {"wandb-history.jsonl": {"offset": i, "content": [row]}}}}: one history row
 *       with {@code _step}, {@code _runtime}, {@code _timestamp}, {@code concurrency} and every
 *       {@link StepMetrics} value.</li>
 *   <li>At the end, the same endpoint with {@code wandb-summary.json} (offset 0: the last step's
 *       values and the best throughput), then {@code {"complete": true, "exitcode": 0}}.</li>
 * </ol>
 */
final class WandbVisualizer implements Visualizer {
    static final String PROJECT = "perf_benchmark";
    private static final String VIEWER = "query Viewer { viewer { id entity } }";
    private static final String UPSERT = "mutation UpsertBucket($name: String, $project: String, $entity: String,"
            + " $displayName: String, $config: JSONString) { upsertBucket(input: {name: $name, modelName: $project,"
            + " entityName: $entity, displayName: $displayName, config: $config}) { bucket { id name"
            + " project { name entity { name } } } inserted } }";

    private final String baseUrl;
    private final Map<String, String> auth;
    private final JsonHttp http = new JsonHttp();
    private String fileStream;
    private long startMillis;
    private Map<String, Object> lastRow = Map.of();

    WandbVisualizer(String baseUrl, String apiKey) {
        this.baseUrl = JsonHttp.base(baseUrl);
        this.auth = Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String name() {
        return "wandb";
    }

    @Override
    public void start(RunContext run) throws Exception {
        startMillis = run.startMillis();
        String entity = graphql(VIEWER, Map.of()).path("viewer").path("entity").asText(null);
        if (entity == null) {
            throw new VisualizerException("W&B did not say which entity the key belongs to (Viewer query)");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        run.config().forEach((k, v) -> config.put(k, Map.of("value", v == null ? "None" : v)));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("name", runId());
        vars.put("project", PROJECT);
        vars.put("entity", entity);
        vars.put("displayName", run.name());
        vars.put("config", JsonFiles.mapper().writeValueAsString(config));
        JsonNode bucket = graphql(UPSERT, vars).path("upsertBucket").path("bucket");
        String name = bucket.path("name").asText(null);
        if (name == null) {
            throw new VisualizerException("W&B's UpsertBucket answer holds no run name");
        }
        String project = bucket.path("project").path("name").asText(PROJECT);
        String owner = bucket.path("project").path("entity").path("name").asText(entity);
        fileStream = baseUrl + "/files/" + owner + "/" + project + "/" + name + "/file_stream";
    }

    @Override
    public void step(int index, StepResult step) throws Exception {
        long now = System.currentTimeMillis();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("_step", index);
        row.put("_runtime", (now - startMillis) / 1000.0);
        row.put("_timestamp", now / 1000.0);
        row.put("concurrency", step.summary().concurrency());
        row.putAll(StepMetrics.of(step));
        lastRow = row;
        stream("wandb-history.jsonl", index, JsonFiles.mapper().writeValueAsString(row));
    }

    @Override
    public void finish(List<StepResult> steps, Path report) throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>(lastRow);
        steps.stream().max(java.util.Comparator.comparingDouble(s -> s.summary().reqThroughput())).ifPresent(best -> {
            summary.put("best/req_throughput_req_per_s", best.summary().reqThroughput());
            summary.put("best/concurrency", best.summary().concurrency());
        });
        stream("wandb-summary.json", 0, JsonFiles.mapper().writeValueAsString(summary));
        http.send("POST", fileStream, auth, Map.of("complete", true, "exitcode", 0));
    }

    private void stream(String file, int offset, String line) throws Exception {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("offset", offset);
        chunk.put("content", List.of(line));
        http.send("POST", fileStream, auth, Map.of("files", Map.of(file, chunk)));
    }

    private JsonNode graphql(String query, Map<String, Object> variables) throws Exception {
        JsonNode answer = http.send("POST", baseUrl + "/graphql", auth, Map.of("query", query, "variables", variables));
        if (answer.has("errors") && answer.get("errors").size() > 0) {
            throw new VisualizerException("W&B GraphQL error: " + answer.get("errors").get(0).path("message").asText());
        }
        return answer.path("data");
    }

    /** W&B run ids: 8 characters of [a-z0-9], as its SDK generates them. */
    private static String runId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
