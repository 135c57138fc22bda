package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.StepResult;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --visualizer swanlab}: SwanLab's HTTP API as its open-source SDK calls it (there is no
 * Java SDK and no published API specification). {@code <api>} is {@code https://api.swanlab.cn/api},
 * or {@code --swanlab-host} followed by {@code /api}.
 * <ol>
 *   <li>{@code POST <api>/login/api_key}, header {@code authorization: <key>}: a session id
 *       {@code sid} and the user name; later calls send cookie {@code sid=<sid>}.</li>
 *   <li>{@code POST <api>/project} {@code {"name": project}} (201, or 409 when it exists; both name
 *       its {@code username}), then {@code GET <api>/project/<username>/<project>}: its {@code cuid}.</li>
 *   <li>{@code POST <api>/project/<username>/<project>/experiment} {@code {"name", "colors",
 *       "description"}}: the experiment's {@code cuid} and {@code flagId} (sent as header
 *       {@code flagId} from then on).</li>
 *   <li>{@code PUT <api>/project/<username>/<project>/runs/<cuid>/profile} {@code {"config": ...}}:
 *       the masked arguments.</li>
 *   <li>{@code POST <api>/experiment/<cuid>/columns}: one column per metric key, once.</li>
 *   <li>Per sweep step, {@code POST <api>/house/metrics} {@code {"projectId", "experimentId",
 *       "type": "scalar", "metrics": [...], "flagId"}}, one metric per {@link StepMetrics} value with
 *       {@code key}, {@code index} and {@code epoch} (= the step's position).</li>
 *   <li>{@code PUT <api>/project/<username>/<project>/runs/<cuid>/state}
 *       {@code {"state": "FINISHED", "finishedAt", "from": "sdk"}}.</li>
 * </ol>
 * Two details come from SwanLab's {@code swankit} helper library, whose source was not available:
 * the column {@code class}/{@code type} values ({@code CUSTOM}/{@code FLOAT}) and the fields that
 * carry a scalar's value inside a metric ({@code data}, {@code create_time}). They are marked as
 * unconfirmed in {@code docs/reports.md}.
 */
final class SwanLabVisualizer implements Visualizer {
    static final String DEFAULT_API = "https://api.swanlab.cn/api";
    static final String PROJECT = "perf_benchmark";

    private final String api;
    private final String apiKey;
    private final String project;
    private final JsonHttp http = new JsonHttp();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String runPath;
    private String projectId;
    private String experimentId;
    private String flagId;
    private boolean columnsCreated;

    SwanLabVisualizer(String host, String apiKey, String project) {
        String base = host == null ? DEFAULT_API : JsonHttp.base(host);
        this.api = base.endsWith("/api") ? base : base + "/api";
        this.apiKey = apiKey;
        this.project = project == null ? PROJECT : project;
    }

    @Override
    public String name() {
        return "swanlab";
    }

    @Override
    public void start(RunContext run) throws Exception {
        JsonNode login = http.send("POST", api + "/login/api_key", Map.of("authorization", apiKey), null);
        String sid = login.path("sid").asText(null);
        String user = login.path("userInfo").path("username").asText(null);
        if (sid == null || user == null) {
            throw new VisualizerException("SwanLab's login answer holds no sid or user name");
        }
        headers.put("Cookie", "sid=" + sid);
        String group = createProject(user);
        projectId = http.send("GET", api + "/project/" + group + "/" + project, headers, null).path("cuid").asText(null);
        Map<String, Object> exp = new LinkedHashMap<>();
        exp.put("name", run.name());
        exp.put("colors", List.of("#528d59", "#528d59"));
        exp.put("description", "Barrage LLM serving benchmark");
        JsonNode created = http.send("POST", api + "/project/" + group + "/" + project + "/experiment", headers, exp);
        experimentId = created.path("cuid").asText(null);
        flagId = created.path("flagId").asText(null);
        if (projectId == null || experimentId == null) {
            throw new VisualizerException("SwanLab's answers hold no project or experiment cuid");
        }
        if (flagId != null) {
            headers.put("flagId", flagId);
        }
        runPath = "/project/" + group + "/" + project + "/runs/" + experimentId;
        http.send("PUT", api + runPath + "/profile", headers, Map.of("config", run.config()));
    }

    /** POST /project; a 409 means it exists. Either way the answer names the owning user or group. */
    private String createProject(String user) throws Exception {
        try {
            return http.send("POST", api + "/project", headers, Map.of("name", project)).path("username").asText(user);
        } catch (VisualizerException e) {
            if (e.getMessage().contains("HTTP 409")) {
                return user;
            }
            throw e;
        }
    }

    @Override
    public void step(int index, StepResult step) throws Exception {
        Map<String, Double> values = StepMetrics.of(step);
        if (!columnsCreated) {
            List<Map<String, Object>> columns = new ArrayList<>();
            values.keySet().forEach(k -> columns.add(Map.of("class", "CUSTOM", "type", "FLOAT", "key", k)));
            http.send("POST", api + "/experiment/" + experimentId + "/columns", headers, columns);
            columnsCreated = true;
        }
        String now = Instant.now().toString();
        List<Map<String, Object>> metrics = new ArrayList<>();
        values.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", k);
            m.put("index", index);
            m.put("epoch", index);
            m.put("data", v);
            m.put("create_time", now);
            metrics.add(m);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("experimentId", experimentId);
        body.put("type", "scalar");
        body.put("metrics", metrics);
        body.put("flagId", flagId);
        http.send("POST", api + "/house/metrics", headers, body);
    }

    @Override
    public void finish(List<StepResult> steps, Path report) throws Exception {
        http.send("PUT", api + runPath + "/state", headers,
                Map.of("state", "FINISHED", "finishedAt", Instant.now().toString(), "from", "sdk"));
    }
}
