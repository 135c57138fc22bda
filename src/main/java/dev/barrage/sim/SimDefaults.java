package dev.barrage.sim;

/**
 * The simulator's default settings, the one source for {@link SimConfig#builder()} and the
 * {@code barrage sim} help text.
 */
public final class SimDefaults {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 8801;
    public static final String MODEL = "barrage-sim";
    public static final double TTFT_MS = 50;
    public static final double PREFILL_US_PER_TOKEN = 20;
    public static final double ITL_MS = 10;
    public static final double ITL_GROWTH = 0.01;
    public static final double JITTER = 0;
    public static final int MAX_BATCH = 32;
    public static final int REASONING_TOKENS = 0;
    public static final long SEED = 42;
    public static final int OUTPUT_MIN_TOKENS = 16;
    public static final int OUTPUT_MAX_TOKENS = 256;
    public static final boolean CLOSE_AFTER_RESPONSE = false;
    /** Retry-After of 429 and 503 faults, seconds. */
    public static final double RETRY_AFTER_S = 1;

    private SimDefaults() {
    }

    /** One I/O thread per available processor, read when asked so containers resized at run time count. */
    public static int ioThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Formats a number the way a user would type it: {@code 50} rather than {@code 50.0}. */
    public static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
