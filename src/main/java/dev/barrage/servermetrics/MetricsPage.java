package dev.barrage.servermetrics;

import java.util.List;
import java.util.Map;

/**
 * A parsed metrics page.
 *
 * @param samples every sample line, in page order
 * @param types   metric family name to its {@code # TYPE} (counter, gauge, histogram, summary,
 *                untyped, and OpenMetrics' unknown, gaugehistogram, info, stateset)
 */
public record MetricsPage(List<Sample> samples, Map<String, String> types) {
    public MetricsPage {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
    }
}
