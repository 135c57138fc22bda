package dev.barrage.servermetrics;

/** A metrics page that is not valid Prometheus text (or OpenMetrics); the message names the line and the rule. */
public final class ExpositionFormatException extends Exception {
    public ExpositionFormatException(String message) {
        super(message);
    }
}
