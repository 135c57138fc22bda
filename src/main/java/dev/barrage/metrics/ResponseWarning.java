package dev.barrage.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Something odd about a response that does not make it a failure: the request keeps its result,
 * the run counts it ({@code Response Warnings} in the summary) and says so. A record carries its
 * warnings as a bit set ({@link RequestRecord#warnings()}); the database stores their names.
 * docs/faults.md says what causes each.
 */
public enum ResponseWarning {
    /** 1xx responses (100 Continue, 103 Early Hints, ...) came before the answer and were skipped. */
    INTERIM_RESPONSE("interim_response", "interim (1xx) responses came before the answer (skipped)"),
    /** The server compressed the reply though Barrage asked for identity; it was decoded. */
    COMPRESSED("compressed", "the server compressed the reply though Barrage asked for none (decoded;"
            + " a compressing proxy may hold chunks back, which shows in ITL)"),
    /** Events or bytes came after {@code data: [DONE]} (or the API's own end event). */
    DATA_AFTER_END("data_after_end", "data came after the end of the stream ([DONE]) (ignored)"),
    /** The server's usage counts were no counts (e.g. 10^18): client-counted tokens were used. */
    USAGE_INVALID("usage_invalid", "the server's usage was invalid (out of range; tokens counted by Barrage instead)"),
    /** A complete 2xx reply with no output at all: no token, no text, no output count. */
    EMPTY_REPLY("empty_reply", "the reply was a success with no output (0 tokens, no text)");

    private final String key;
    private final String description;

    ResponseWarning(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The stable name, in the summary JSON and the database. */
    public String key() {
        return key;
    }

    /** What it means, for the console and performance_summary.txt. */
    public String description() {
        return description;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public boolean in(int warnings) {
        return (warnings & bit()) != 0;
    }

    /** The names of the warnings in {@code warnings}, comma-separated; {@code null} for none. */
    public static String names(int warnings) {
        if (warnings == 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (ResponseWarning w : values()) {
            if (w.in(warnings)) {
                names.add(w.key);
            }
        }
        return String.join(",", names);
    }

    /** The bit set of comma-separated names (as {@link #names} writes them); unknown names are skipped. */
    public static int parse(String names) {
        int bits = 0;
        if (names == null || names.isBlank()) {
            return 0;
        }
        for (String name : names.split(",")) {
            for (ResponseWarning w : values()) {
                if (w.key.equals(name.trim())) {
                    bits |= w.bit();
                }
            }
        }
        return bits;
    }
}
