package dev.barrage.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding for files: half-up to a fixed number of decimals, {@code null} for NaN. */
public final class Rounding {
    private Rounding() {
    }

    public static Double round4(double v) {
        return round(v, 4);
    }

    public static Double round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
