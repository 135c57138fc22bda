package dev.barrage.metrics.views;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers for the views' JSON: non-finite values become {@code null}, as JSON has no NaN. */
final class Json {
    private Json() {
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Python's {@code round(v, decimals)}: the exact binary value rounded half to even, which is
     * what evalscope's files hold (not half-up on the printed decimal).
     */
    static Double pythonRound(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return null;
        }
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }
}
