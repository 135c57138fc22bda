package dev.barrage.metrics;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A k6-style pass/fail rule on a run figure, e.g. {@code p99_ttft<800} or
 * {@code success_rate>=0.99}; the value is in the unit the figure is printed in
 * ({@link MetricSelector}). A figure a run does not have (NaN) fails the rule.
 */
public record Threshold(String text, MetricSelector metric, String operator, double limit) {
    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z0-9_]+)\\s*(<=|>=|<|>|==)\\s*([-+0-9.eE]+)\\s*");

    /** @throws IllegalArgumentException with the expected form */
    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not <metric><op><number>, e.g. 'p99_ttft<800' or"
                    + " 'success_rate>=0.99' (op: < <= > >= ==)");
        }
        double limit;
        try {
            limit = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + m.group(3) + "' in '" + text + "' is not a number");
        }
        return new Threshold(text.trim(), MetricSelector.parse(m.group(1)), m.group(2), limit);
    }

    /** True when {@code value} satisfies the rule. */
    public boolean holds(double value) {
        return compare(value, operator, limit);
    }

    /** {@code value operator limit}; NaN never satisfies a comparison. */
    public static boolean compare(double value, String operator, double limit) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (operator) {
            case "<" -> value < limit;
            case "<=" -> value <= limit;
            case ">" -> value > limit;
            case ">=" -> value >= limit;
            case "==" -> value == limit;
            default -> throw new IllegalStateException(operator);
        };
    }

    /** The outcome of one rule on one run. */
    public record Outcome(Threshold threshold, String run, double value, boolean passed) {
        public String valueText() {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
        }
    }
}
