package dev.barrage.sim;

/**
 * A {@link SimConfig} setting out of range. It names the setting the way the CLI flag does
 * (without the dashes) and keeps the rule apart, so {@code barrage sim} can quote the text the
 * user typed: {@code Invalid value '-1' for option '--itl-ms': should be >= 0.}
 */
public final class SimConfigException extends IllegalArgumentException {
    private final String setting;
    private final String rule;

    SimConfigException(String setting, Object value, String rule) {
        super(setting + " (" + value + ") " + rule);
        this.setting = setting;
        this.rule = rule;
    }

    /** The setting's name as a flag without dashes, e.g. {@code itl-ms}. */
    public String setting() {
        return setting;
    }

    /** The rule that was broken, e.g. {@code should be >= 0}. */
    public String rule() {
        return rule;
    }
}
