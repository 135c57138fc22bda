package dev.barrage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads one line of a workload trace into an {@link Entry}: evalscope's record shape
 * {@code {"timestamp": ..., "body": {...}, "headers": {...}, "request_id": "...",
 * "completion_tokens": N}}, the last three optional (absent or {@code null}). Anything else is an
 * {@link IllegalArgumentException} saying what is wrong, which {@link JsonRecords} turns into
 * "Malformed line N of 'file'".
 *
 * <ul>
 *   <li>{@code timestamp}: a number, or a string holding one, in {@code timestamp_unit} (seconds
 *       unless set); or an ISO-8601 date-time string ({@code 2025-01-15T10:00:00Z},
 *       {@code +08:00} offsets; none means UTC; a space may replace the {@code T}).</li>
 *   <li>{@code body}: a JSON object, or a string holding one.</li>
 *   <li>{@code headers}: an object of string values; names must be HTTP tokens and values free
 *       of line breaks. Headers Barrage sets itself for the measurement (framing, connection,
 *       {@code Accept-Encoding}) are left out and counted in {@link #ignoredHeaders()}.</li>
 *   <li>{@code request_id}: a string or a whole number (an empty string counts as absent).</li>
 *   <li>{@code completion_tokens}: a whole number &gt; 0.</li>
 * </ul>
 * Unknown fields are errors (as in evalscope), so a misspelt {@code header} is not silently
 * dropped. Not thread-safe: one per file, on the loading thread.
 */
final class TraceLines {
    static final Set<String> FIELDS = Set.of("timestamp", "body", "headers", "request_id", "completion_tokens");
    /** Headers that belong to the transport: sending a recorded one would break framing or decoding. */
    static final Set<String> TRANSPORT_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "accept-encoding");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Date, then optionally 'T' time and optionally an offset (Z, +08:00, +0800 or +08). */
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME).optionalStart().appendPattern("[XXX][XX][X]").toFormatter();
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * One record as read.
     *
     * @param seconds          its timestamp in seconds (an absolute or arbitrary origin)
     * @param body             the request body; owned by the trace from now on
     * @param headers          name, value, name, value ...; {@code null} when none
     * @param requestId        {@code null} when none
     * @param completionTokens {@code 0} when none
     */
    record Entry(double seconds, ObjectNode body, String[] headers, String requestId, int completionTokens) {
    }

    private final double secondsPerUnit;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> ignoredHeaders = new TreeSet<>();
    private int recordsWithIgnoredHeaders;

    /** @param secondsPerUnit what a numeric timestamp of 1 means, in seconds (1 for seconds, 1e-3 for ms) */
    TraceLines(double secondsPerUnit) {
        this.secondsPerUnit = secondsPerUnit;
    }

    /** Reads {@code line} (non-blank, stripped) and keeps its entry; returns {@code null} for {@link JsonRecords}. */
    Prompt add(String line) throws JsonProcessingException {
        JsonNode node = JSON.readTree(line);
        if (!(node instanceof ObjectNode record)) {
            throw new IllegalArgumentException("expected a JSON object {\"timestamp\": ..., \"body\": {...}}, found "
                    + (node.isArray() ? "an array (a trace has one record object per line)" : node.getNodeType()
                    .toString().toLowerCase(Locale.ROOT)));
        }
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\"; a trace record has \"timestamp\","
                        + " \"body\" and optionally \"headers\", \"request_id\", \"completion_tokens\"");
            }
        }
        entries.add(new Entry(seconds(record.get("timestamp")), body(record.get("body")), headers(record.get("headers")),
                requestId(record.get("request_id")), completionTokens(record.get("completion_tokens"))));
        return null;
    }

    List<Entry> entries() {
        return entries;
    }

    /** Names of recorded headers that were left out (lower case, sorted). */
    Set<String> ignoredHeaders() {
        return ignoredHeaders;
    }

    int recordsWithIgnoredHeaders() {
        return recordsWithIgnoredHeaders;
    }

    private double seconds(JsonNode v) {
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"timestamp\" (seconds, or an ISO-8601 date-time)");
        }
        if (v.isNumber()) {
            return v.asDouble() * secondsPerUnit;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"timestamp\" should be a number or an ISO-8601 string, not " + v);
        }
        String s = v.asText().strip();
        if (NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s) * secondsPerUnit;
        }
        return isoSeconds(s);
    }

    /** An ISO-8601 date-time (or date) as epoch seconds; without an offset it is UTC (as evalscope). */
    static double isoSeconds(String text) {
        String s = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        try {
            TemporalAccessor t = ISO.parseBest(s, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
            OffsetDateTime at = t instanceof OffsetDateTime o ? o : t instanceof LocalDateTime l
                    ? l.atOffset(ZoneOffset.UTC) : ((LocalDate) t).atStartOfDay().atOffset(ZoneOffset.UTC);
            return at.toEpochSecond() + at.getNano() / 1e9;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cannot read \"timestamp\" '" + text + "': give a number (seconds) or an"
                    + " ISO-8601 date-time such as 2025-01-15T10:00:00Z");
        }
    }

    private static ObjectNode body(JsonNode v) throws JsonProcessingException {
        if (v instanceof ObjectNode body) {
            return body;
        }
        if (v != null && v.isTextual()) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(v.asText());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("\"body\" is a string but not JSON: " + e.getOriginalMessage());
            }
            if (parsed instanceof ObjectNode body) {
                return body;
            }
        }
        throw new IllegalArgumentException(v == null || v.isNull() ? "missing \"body\" (the request body, a JSON object)"
                : "\"body\" should be a JSON object (the request body), or a string holding one");
    }

    private String[] headers(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("\"headers\" should be an object of header names and string values");
        }
        List<String> pairs = new ArrayList<>(v.size() * 2);
        boolean ignored = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            String name = h.getKey();
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("\"headers\" has an invalid header name '" + name + "'");
            }
            JsonNode value = h.getValue();
            if (!value.isTextual()) {
                throw new IllegalArgumentException("\"headers\": the value of '" + name + "' should be a string, not "
                        + value);
            }
            if (value.asText().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("\"headers\": the value of '" + name + "' contains a line break");
            }
            if (TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                ignoredHeaders.add(name.toLowerCase(Locale.ROOT));
                ignored = true;
                continue;
            }
            pairs.add(name);
            pairs.add(value.asText());
        }
        if (ignored) {
            recordsWithIgnoredHeaders++;
        }
        return pairs.isEmpty() ? null : pairs.toArray(new String[0]);
    }

    private static String requestId(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText().isEmpty() ? null : v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        throw new IllegalArgumentException("\"request_id\" should be a string, not " + v);
    }

    private static int completionTokens(JsonNode v) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || v.asDouble() < 1
                || v.asDouble() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"completion_tokens\" should be a whole number > 0, not " + v);
        }
        return v.asInt();
    }
}
