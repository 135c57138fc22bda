package dev.barrage.visualizer;

import dev.barrage.BarrageException;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.report.Console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sweep's visualizers, and the rule that none of them can hurt the benchmark: a call that
 * throws costs one warning line (with every key scrubbed from it) and drops that visualizer for
 * the rest of the sweep. Credentials are checked when the visualizers are created, before any
 * request is sent, so a missing key is an input error (exit 2), not a surprise at the end.
 */
public final class Visualizers {
    private final List<Visualizer> active;
    private final Set<String> secrets;
    private final Console console;
    private int steps;

    Visualizers(List<Visualizer> visualizers, Set<String> secrets, Console console) {
        this.active = new ArrayList<>(visualizers);
        this.secrets = secrets;
        this.console = console;
    }

    /**
     * The visualizers asked for by {@code --visualizer} (or, as evalscope's deprecated flags did, by
     * {@code --wandb-api-key} / {@code --swanlab-api-key} alone).
     *
     * @param env the process environment (keys, hosts): a parameter so tests can supply their own
     */
    public static Visualizers create(Arguments args, Map<String, String> env, Console console) {
        Set<String> names = new LinkedHashSet<>(args.visualizer());
        if (names.isEmpty() && args.wandbApiKey() != null) {
            names.add("wandb");
        }
        if (names.isEmpty() && args.swanlabApiKey() != null) {
            names.add("swanlab");
        }
        List<Visualizer> list = new ArrayList<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (String name : names) {
            list.add(build(name, args, env, secrets, console));
        }
        return new Visualizers(list, secrets, console);
    }

    private static Visualizer build(String name, Arguments args, Map<String, String> env, Set<String> secrets,
            Console console) {
        switch (name) {
            case "tensorboard":
                return new TensorBoardVisualizer();
            case "mlflow": {
                String uri = first(args.mlflowTrackingUri(), env.get("MLFLOW_TRACKING_URI"));
                require(uri, "--visualizer mlflow needs --mlflow-tracking-uri (or MLFLOW_TRACKING_URI), e.g."
                        + " --mlflow-tracking-uri http://127.0.0.1:5000");
                secrets.add(userInfo(uri));
                return new MlflowVisualizer(uri);
            }
            case "wandb": {
                String key = first(args.wandbApiKey(), env.get("WANDB_API_KEY"));
                require(key, "--visualizer wandb needs --wandb-api-key or WANDB_API_KEY (https://wandb.ai/authorize)");
                secrets.add(key);
                return new WandbVisualizer(first(env.get("WANDB_BASE_URL"), "https://api.wandb.ai"), key);
            }
            case "swanlab": {
                String key = first(args.swanlabApiKey(), env.get("SWANLAB_API_KEY"));
                require(key, "--visualizer swanlab needs --swanlab-api-key (or SWANLAB_API_KEY), or"
                        + " --swanlab-api-key local to keep everything local");
                if (key.equals("local")) {
                    return new SwanLabLocal(console::info);
                }
                secrets.add(key);
                return new SwanLabVisualizer(first(args.swanlabHost(), env.get("SWANLAB_HOST")), key,
                        env.get("SWANLAB_PROJ_NAME"));
            }
            case "clearml": {
                String host = env.get("CLEARML_API_HOST");
                String access = env.get("CLEARML_API_ACCESS_KEY");
                String secret = env.get("CLEARML_API_SECRET_KEY");
                require(host != null && access != null && secret != null ? host : null, "--visualizer clearml needs"
                        + " CLEARML_API_HOST, CLEARML_API_ACCESS_KEY and CLEARML_API_SECRET_KEY in the environment");
                secrets.add(access);
                secrets.add(secret);
                return new ClearMlVisualizer(host, access, secret);
            }
            default:
                throw BarrageException.invalidInput("Invalid value '" + name + "' for option '--visualizer'.");
        }
    }

    /** Called once the sweep root exists. */
    public void start(Path root, Arguments args) {
        RunContext run = new RunContext(runName(args), root, args.toMaskedMap(), System.currentTimeMillis());
        each(v -> v.start(run), "start");
        for (Visualizer v : active) {
            console.info("Visualizer " + v.name() + ": started" + (v instanceof TensorBoardVisualizer tb
                    ? " (tensorboard --logdir " + tb.file().getParent() + ")" : "") + ".");
        }
    }

    /** Called after each finished (or interrupted) sweep step. */
    public void step(StepResult step) {
        int index = steps++;
        each(v -> v.step(index, step), "step");
    }

    /**
     * Called at the end of the sweep, after the report was written. Steps not reported yet (an
     * SLA search runs its own loop) are sent first, in order.
     */
    public void finish(List<StepResult> results, Path root) {
        for (int i = steps; i < results.size(); i++) {
            step(results.get(i));
        }
        Path report = root.resolve("perf_report.html");
        each(v -> v.finish(results, Files.isRegularFile(report) ? report : null), "finish");
        for (Visualizer v : active) {
            if (v instanceof MlflowVisualizer m && m.warning() != null) {
                console.warn("Visualizer mlflow: " + scrub(m.warning()) + ".");
            }
        }
    }

    public boolean isEmpty() {
        return active.isEmpty();
    }

    private interface Call {
        void on(Visualizer v) throws Exception;
    }

    private void each(Call call, String phase) {
        for (Visualizer v : List.copyOf(active)) {
            try {
                call.on(v);
            } catch (Exception | LinkageError e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                active.remove(v);
                console.warn("Visualizer " + v.name() + " failed at " + phase + " (" + scrub(describe(e))
                        + "); the benchmark goes on without it and its results are in the files as usual.");
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException || message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message)
                    + (e.getCause() != null && e.getCause() != e ? " / " + describe(e.getCause()) : "");
        }
        return message.lines().findFirst().orElse(message);
    }

    String scrub(String text) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    static String runName(Arguments args) {
        if (args.name() != null) {
            return args.name();
        }
        return args.runName() + "_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").format(LocalDateTime.now());
    }

    private static String userInfo(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        return scheme >= 0 && at > scheme ? url.substring(scheme + 3, at) : null;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    private static void require(String value, String message) {
        if (value == null) {
            throw BarrageException.invalidInput(message + ".");
        }
    }

    List<Visualizer> active() {
        return List.copyOf(active);
    }

}
