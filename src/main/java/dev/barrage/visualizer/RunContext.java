package dev.barrage.visualizer;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a visualizer knows about the sweep it reports.
 *
 * @param name        the run's name: {@code --name}, else {@code <model>_<yyyyMMdd_HHmmss>} (evalscope's)
 * @param root        the sweep root, where local files (TensorBoard events) go
 * @param config      the masked arguments ({@code benchmark_args.json}'s content): no secret
 * @param startMillis wall-clock start of the sweep
 */
public record RunContext(String name, Path root, Map<String, Object> config, long startMillis) {
}
