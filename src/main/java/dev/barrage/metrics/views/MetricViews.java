package dev.barrage.metrics.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The views by their {@code --metric-view} names, in the order tables show them. */
public final class MetricViews {
    /** Every view: evalscope first (Barrage's own keys follow it), then vLLM, SGLang, GuideLLM, AIPerf. */
    public static final List<MetricView> ALL = List.of(new EvalscopeView(), new VllmView(), new SglangView(),
            new GuidellmView(), new AiperfView());

    private MetricViews() {
    }

    public static List<String> names() {
        return ALL.stream().map(MetricView::name).toList();
    }

    /** @throws IllegalArgumentException naming the known views when {@code name} is none of them */
    public static MetricView byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (MetricView v : ALL) {
            if (v.name().equals(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException("should be one of " + String.join(", ", names()));
    }

    /** The named views in {@link #ALL}'s order, each once. */
    public static List<MetricView> parse(List<String> names) {
        List<MetricView> picked = new ArrayList<>();
        for (String n : names) {
            picked.add(byName(n));
        }
        return ALL.stream().filter(picked::contains).toList();
    }
}
