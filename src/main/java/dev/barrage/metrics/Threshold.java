package dev.barrage.metrics;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A k6-style pass/fail rule on a run figure, e.g. {@code p99_ttft<800}, {@code p99_ttft < 0.8s} or
 * {@code success_rate >= 99%}. Spaces around the operator and a unit after the number are
 * allowed: {@code ms} or {@code s} for times, {@code %} for the fraction figures; without a unit
 * the number is in the unit the figure is printed in ({@link MetricSelector}). {@link #limit()}
 * is always in that printed unit. A figure a run does not have (NaN) fails the rule.
 */
public record Threshold(String text, MetricSelector metric, String operator, double limit) {
    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z0-9_]+)\\s*(<=|>=|<|>|==)\\s*([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
                    + "\\s*([A-Za-z%]*)\\s*");
    private static final String EXAMPLES = "e.g. 'p99_ttft<800', 'p99_ttft < 0.8s', 'p99_latency<=2s' or"
            + " 'success_rate>=0.99' (op: < <= > >= ==; units: ms or s for times, % for rates)";

    /** @throws IllegalArgumentException saying what is wrong, with the expected form */
    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not <metric> <op> <number>[unit], " + EXAMPLES);
        }
        MetricSelector metric = MetricSelector.parse(m.group(1));
        double number = Double.parseDouble(m.group(3));
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("'" + m.group(3) + "' in '" + text + "' is not a finite number");
        }
        return new Threshold(text.trim(), metric, m.group(2), inPrintedUnit(number, m.group(4), metric, text));
    }

    /** The limit converted from the unit it was written in to the one the figure is printed in. */
    private static double inPrintedUnit(double number, String unit, MetricSelector metric, String text) {
        MetricSelector.Unit printed = metric.unit();
        String u = unit.toLowerCase(Locale.ROOT);
        boolean time = printed == MetricSelector.Unit.MILLISECONDS || printed == MetricSelector.Unit.SECONDS;
        switch (u) {
            case "" -> {
                if (printed == MetricSelector.Unit.FRACTION && Math.abs(number) > 1) {
                    throw new IllegalArgumentException("'" + metric + "' is a fraction in [0, 1], so '" + text.trim()
                            + "' compares it with a percentage: write 0.99 or 99%");
                }
                return number;
            }
            case "ms", "s" -> {
                if (!time) {
                    throw new IllegalArgumentException("'" + metric + "' is not a time, so '" + unit + "' in '" + text
                            + "' does not apply: " + (printed == MetricSelector.Unit.FRACTION
                            ? "write a fraction (0.99) or a percentage (99%)" : "write a plain number"));
                }
                double seconds = u.equals("ms") ? number / 1000 : number;
                return printed == MetricSelector.Unit.MILLISECONDS ? seconds * 1000 : seconds;
            }
            case "%" -> {
                if (printed != MetricSelector.Unit.FRACTION) {
                    throw new IllegalArgumentException("'%' in '" + text + "' applies only to success_rate, error_rate"
                            + " and goodput_rate");
                }
                return number / 100;
            }
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' in '" + text + "': use "
                    + (time ? "ms or s" : printed == MetricSelector.Unit.FRACTION ? "%, or none" : "none")
                    + ", " + EXAMPLES);
        }
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
