package dev.barrage.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting for tables: at most 4 decimals, no trailing zeros, no exponent, no locale. */
public final class Numbers {
    private Numbers() {
    }

    public static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            return format(d.doubleValue());
        }
        if (value instanceof Float f) {
            return format(f.doubleValue());
        }
        return String.valueOf(value);
    }

    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** Fixed decimals, for columns that should line up. */
    public static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0 && v == -1) {
            return "-";
        }
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
