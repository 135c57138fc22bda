package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.StepResult;
import dev.barrage.store.JsonFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --visualizer clearml}: ClearML's REST API ({@code POST <host>/<service>.<action>}, JSON
 * in, {@code {"meta": ..., "data": ...}} out), as its Python SDK calls it.
 * <ol>
 *   <li>{@code auth.login} with HTTP Basic {@code <access key>:<secret key>}: a token, sent as
 *       {@code Authorization: Bearer} from then on.</li>
 *   <li>{@code projects.get_all} (name {@value #PROJECT}), {@code projects.create} when missing.</li>
 *   <li>{@code tasks.create} (type {@code testing}, named after the sweep), {@code tasks.started},
 *       {@code tasks.edit_hyper_params} (section {@code Args}: the masked arguments).</li>
 *   <li>Per sweep step, {@code events.add_batch} ({@code application/json-lines}): one
 *       {@code training_stats_scalar} event per {@link StepMetrics} value, metric = its group
 *       ({@code summary}, {@code percentile}), variant = its name, iter = the concurrency.</li>
 *   <li>{@code tasks.completed} ({@code force}).</li>
 * </ol>
 */
final class ClearMlVisualizer implements Visualizer {
    static final String PROJECT = "perf_benchmark";

    private final String host;
    private final String basicAuth;
    private final JsonHttp http = new JsonHttp();
    private Map<String, String> bearer;
    private String taskId;

    ClearMlVisualizer(String host, String accessKey, String secretKey) {
        this.host = JsonHttp.base(host);
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((accessKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return "clearml";
    }

    @Override
    public void start(RunContext run) throws Exception {
        String token = call("auth.login", Map.of("Authorization", basicAuth), Map.of()).path("token").asText(null);
        if (token == null) {
            throw new VisualizerException("ClearML's auth.login answer holds no token");
        }
        bearer = Map.of("Authorization", "Bearer " + token);
        JsonNode projects = call("projects.get_all", bearer, Map.of("name", "^" + PROJECT + "$", "only_fields",
                List.of("id"))).path("projects");
        String projectId = projects.size() > 0 ? projects.get(0).path("id").asText()
                : call("projects.create", bearer, Map.of("name", PROJECT, "description",
                        "Barrage LLM serving benchmarks")).path("id").asText();
        taskId = call("tasks.create", bearer, Map.of("name", run.name(), "project", projectId, "type", "testing"))
                .path("id").asText(null);
        if (taskId == null) {
            throw new VisualizerException("ClearML's tasks.create answer holds no id");
        }
        call("tasks.started", bearer, Map.of("task", taskId));
        List<Map<String, Object>> params = new ArrayList<>();
        run.config().forEach((k, v) -> params.add(Map.of("section", "Args", "name", k, "value", String.valueOf(v))));
        call("tasks.edit_hyper_params", bearer, Map.of("task", taskId, "hyperparams", params));
    }

    @Override
    public void step(int index, StepResult step) throws Exception {
        long now = System.currentTimeMillis();
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Double> e : StepMetrics.of(step).entrySet()) {
            int slash = e.getKey().indexOf('/');
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "training_stats_scalar");
            event.put("task", taskId);
            event.put("timestamp", now);
            event.put("iter", step.summary().concurrency());
            event.put("metric", e.getKey().substring(0, slash));
            event.put("variant", e.getKey().substring(slash + 1));
            event.put("value", e.getValue());
            lines.append(lines.length() == 0 ? "" : "\n").append(JsonFiles.compact(event));
        }
        check("events.add_batch", http.sendText("POST", host + "/events.add_batch", bearer, lines.toString(),
                "application/json-lines"));
    }

    @Override
    public void finish(List<StepResult> steps, Path report) throws Exception {
        call("tasks.completed", bearer, Map.of("task", taskId, "force", true));
    }

    private JsonNode call(String action, Map<String, String> headers, Object body) throws Exception {
        return check(action, http.send("POST", host + "/" + action, headers, body));
    }

    private static JsonNode check(String action, JsonNode answer) throws VisualizerException {
        int code = answer.path("meta").path("result_code").asInt(200);
        if (code != 200) {
            throw new VisualizerException("ClearML " + action + " failed: " + answer.path("meta").path("result_msg").asText());
        }
        return answer.path("data");
    }
}
