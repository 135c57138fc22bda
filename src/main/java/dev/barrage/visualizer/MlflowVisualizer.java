package dev.barrage.visualizer;

import dev.barrage.StepResult;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --visualizer mlflow}: MLflow's official Java client ({@code org.mlflow:mlflow-client}).
 * Experiment {@value #EXPERIMENT} (searched for, created when missing), one run named after the sweep, the
 * masked arguments as params, every {@link StepMetrics} value per sweep step at step = the
 * concurrency (one {@code log-batch} call per step), and the run set FINISHED. The HTML report is
 * uploaded as an artifact when the server proxies artifacts (an {@code mlflow-artifacts:} artifact
 * URI, {@code mlflow server --serve-artifacts}): the Java client can only upload through the
 * Python CLI, so Barrage PUTs the file to the server's artifact endpoint itself.
 */
final class MlflowVisualizer implements Visualizer {
    static final String EXPERIMENT = "perf_benchmark";
    /** MLflow's limit on a param value's length. */
    private static final int MAX_PARAM = 6000;

    private final String trackingUri;
    private final JsonHttp http = new JsonHttp();
    private MlflowClient client;
    private String runId;
    private String artifactUri;
    private String warning;

    MlflowVisualizer(String trackingUri) {
        this.trackingUri = JsonHttp.base(trackingUri);
    }

    @Override
    public String name() {
        return "mlflow";
    }

    @Override
    public void start(RunContext run) {
        client = new MlflowClient(trackingUri);
        // a search, not get-by-name: the client retries get-by-name's 404 for a missing experiment
        String experimentId = client.searchExperiments("name = '" + EXPERIMENT + "'").getItems().stream()
                .map(Service.Experiment::getExperimentId).findFirst()
                .orElseGet(() -> client.createExperiment(EXPERIMENT));
        Service.RunInfo info = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experimentId)
                .setRunName(run.name()).setStartTime(run.startMillis()).build());
        runId = info.getRunId();
        artifactUri = info.getArtifactUri();
        List<Service.Param> params = new ArrayList<>();
        for (Map.Entry<String, Object> e : run.config().entrySet()) {
            String value = String.valueOf(e.getValue());
            params.add(Service.Param.newBuilder().setKey(e.getKey())
                    .setValue(value.length() > MAX_PARAM ? value.substring(0, MAX_PARAM) : value).build());
        }
        client.logBatch(runId, List.of(), params, List.of());
    }

    @Override
    public void step(int index, StepResult step) {
        long now = System.currentTimeMillis();
        List<Service.Metric> metrics = new ArrayList<>();
        StepMetrics.of(step).forEach((key, value) -> metrics.add(Service.Metric.newBuilder().setKey(key)
                .setValue(value).setTimestamp(now).setStep(step.summary().concurrency()).build()));
        client.logBatch(runId, metrics, List.of(), List.of());
    }

    @Override
    public void finish(List<StepResult> steps, Path report) throws Exception {
        try {
            if (report != null && Files.isRegularFile(report)) {
                uploadReport(report);
            }
        } finally {
            client.setTerminated(runId, Service.RunStatus.FINISHED, System.currentTimeMillis());
            client.close();
        }
    }

    /** A note for the user when the report could not be attached; {@code null} when it was. */
    String warning() {
        return warning;
    }

    private void uploadReport(Path report) throws Exception {
        String prefix = "mlflow-artifacts:/";
        if (artifactUri == null || !artifactUri.startsWith(prefix)) {
            warning = "the MLflow server does not proxy artifacts (artifact URI " + artifactUri
                    + "), so perf_report.html was not attached; start it with --serve-artifacts to attach it";
            return;
        }
        String path = artifactUri.substring(prefix.length());
        http.put(trackingUri + "/api/2.0/mlflow-artifacts/artifacts/" + path + "/" + report.getFileName(),
                Map.of(), Files.readAllBytes(report), "text/html");
    }
}
