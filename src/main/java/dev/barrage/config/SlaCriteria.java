package dev.barrage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;
import dev.barrage.metrics.MetricSelector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --sla-params}: a JSON list of groups, each searched on its own (evalscope's OR); within a
 * group every condition must hold (AND). A condition is {@code "metric": "<=500"} (in the unit the
 * metric is printed in: ms for TTFT/TPOT/ITL, s for latency, fractions for rates), or
 * {@code "metric": "max"} / {@code "min"} to find the value that maximises or minimises it.
 *
 * @param groups the groups in the order given
 */
public record SlaCriteria(List<Group> groups) {
    private static final Pattern COMPARISON = Pattern.compile("\\s*(<=|>=|<|>)\\s*([-+0-9.eE]+)\\s*");

    /** One condition: a comparison, or an objective (operator "max"/"min", no limit). */
    public record Condition(MetricSelector metric, String operator, double limit) {
        public boolean objective() {
            return operator.equals("max") || operator.equals("min");
        }

        @Override
        public String toString() {
            return metric.name() + (objective() ? ":" + operator : operator + format(limit));
        }

        private static String format(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /** Conditions searched together. A group holds comparisons, or exactly one objective. */
    public record Group(List<Condition> conditions) {
        public boolean optimizes() {
            return conditions.size() == 1 && conditions.get(0).objective();
        }

        @Override
        public String toString() {
            return String.join(" and ", conditions.stream().map(Condition::toString).toList());
        }
    }

    /** @throws BarrageException (exit 2) naming what is wrong */
    public static SlaCriteria parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw invalid(json, "not valid JSON");
        }
        if (root != null && root.isObject()) {
            root = new ObjectMapper().createArrayNode().add(root);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw invalid(json, "should be a JSON list of objects, e.g. '[{\"p99_ttft\": \"<=500\"}]'");
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : root) {
            groups.add(group(json, g));
        }
        return new SlaCriteria(groups);
    }

    private static Group group(String json, JsonNode g) {
        if (!g.isObject() || g.isEmpty()) {
            throw invalid(json, "each group should be a non-empty object of metric: condition");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : g.properties()) {
            MetricSelector metric;
            try {
                metric = MetricSelector.parse(e.getKey());
            } catch (IllegalArgumentException bad) {
                throw invalid(json, bad.getMessage());
            }
            String text = e.getValue().asText();
            if (text.equals("max") || text.equals("min")) {
                conditions.add(new Condition(metric, text, Double.NaN));
                continue;
            }
            Matcher m = COMPARISON.matcher(text);
            if (!m.matches()) {
                throw invalid(json, "'" + text + "' for " + e.getKey() + " should be like \"<=500\", \">10\", \"max\" or \"min\"");
            }
            conditions.add(new Condition(metric, m.group(1), limit(json, e.getKey(), m.group(2))));
        }
        boolean objectives = conditions.stream().anyMatch(Condition::objective);
        if (objectives && conditions.size() > 1) {
            throw invalid(json, "a group with \"max\" or \"min\" holds only that one condition");
        }
        return new Group(conditions);
    }

    private static double limit(String json, String metric, String text) {
        double limit;
        try {
            limit = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(json, "'" + text + "' for " + metric + " is not a number");
        }
        if (!Double.isFinite(limit)) {
            throw invalid(json, "'" + text + "' for " + metric + " is not a finite number");
        }
        return limit;
    }

    private static BarrageException invalid(String json, String why) {
        return BarrageException.invalidInput("Invalid value '" + json + "' for option '--sla-params': " + why + ".");
    }
}
