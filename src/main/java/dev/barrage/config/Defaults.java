package dev.barrage.config;

import java.util.List;

/**
 * Every default of {@code barrage perf}, in one place: the CLI help text, the Java API and the
 * request builder read them from here, so they cannot drift apart. Values follow evalscope perf
 * unless a comment says otherwise.
 */
public final class Defaults {
    private Defaults() {
    }

    public static final List<Integer> PARALLEL = List.of(1);
    public static final List<Integer> NUMBER = List.of(1000);
    public static final String API = "openai";
    public static final int MAX_TOKENS = 2048;
    public static final double TEMPERATURE = 0.0;
    public static final boolean STREAM = true;
    /** Seconds; evalscope's aiohttp total timeout (6 h). */
    public static final double TOTAL_TIMEOUT_S = 21600;
    /** Seconds between sweep steps. */
    public static final double SLEEP_INTERVAL_S = 5;
    public static final int LOG_EVERY_N_QUERY = 100;
    public static final String OUTPUTS_DIR = "./outputs";
    public static final String ARRIVAL = "poisson";
    public static final double BURSTINESS = 1.0;
    /** Open loop's guard against unbounded growth (k6-style: sends beyond it are dropped). */
    public static final int MAX_IN_FLIGHT = 10_000;
    public static final String SLA_VARIABLE = "parallel";
    public static final int SLA_NUM_RUNS = 3;
    public static final double SLA_UPPER_BOUND = 65536;
    public static final double SLA_LOWER_BOUND = 1;
    public static final double SLA_NUMBER_MULTIPLIER = 2;
    /** Prompt length bounds (tokens with a tokenizer, else characters), as evalscope. */
    public static final int MIN_PROMPT_LENGTH = 0;
    public static final int MAX_PROMPT_LENGTH = 131072;
    /** random_vl images, as evalscope: 224 x 224, RGB, one per prompt. */
    public static final int IMAGE_WIDTH = 224;
    public static final int IMAGE_HEIGHT = 224;
    public static final String IMAGE_FORMAT = "RGB";
    public static final int IMAGE_NUM = 1;

    /*
     * The embedded demo: with no --url, Barrage benchmarks its own simulator. evalscope's defaults
     * (one run of 1000 requests) would take minutes there; this short sweep shows the knee of the
     * simulator's default batch size (32) in about fifteen seconds.
     */
    public static final List<Integer> DEMO_PARALLEL = List.of(1, 8, 32, 128);
    public static final List<Integer> DEMO_NUMBER = List.of(8, 32, 128, 256);
    public static final int DEMO_MAX_TOKENS = 32;
    public static final double DEMO_SLEEP_INTERVAL_S = 1;
    public static final String DEMO_MODEL = "barrage-sim";

    /** {@code --retries}: evalscope does not retry. */
    public static final int RETRIES = 0;
    /** evalscope's default patch size for client-side image token counts. */
    public static final int IMAGE_PATCH_SIZE = 28;
    /** Datasets that download their files take them from the Hugging Face hub unless told otherwise. */
    public static final String DATA_SOURCE = "huggingface";
    /** {@code --server-metrics-interval}: a scrape a second, as Prometheus is often set up for serving engines. */
    public static final double SERVER_METRICS_INTERVAL_S = 1;
    /** {@code --request-id-header}: the name vLLM, SGLang and most gateways read and echo. */
    public static final String REQUEST_ID_HEADER = "x-request-id";
    /** Rows per SQLite commit, as evalscope's --db-commit-interval. */
    public static final int DB_COMMIT_INTERVAL = 1000;
}
