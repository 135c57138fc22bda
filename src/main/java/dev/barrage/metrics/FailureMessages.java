package dev.barrage.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's most common messages per failure cause: a count of "http_error" says that requests
 * failed, the message says why ("request (2165 tokens) exceeds the available context size").
 * Failed requests are grouped by error type, HTTP status and message with every word that holds a
 * digit replaced, so "2165 tokens" and "2170 tokens" fall in one group; each group keeps its count
 * and its first message as the example.
 *
 * <p>Single-threaded (the run's collector thread). Memory is bounded: at most {@value #MAX_GROUPS}
 * groups per run; messages beyond them are counted in one "(other messages)" group per cause and
 * status, so a server that puts a request id in every message cannot grow the table.
 */
public final class FailureMessages {
    /** Groups shown per cause. */
    public static final int TOP_PER_CAUSE = 3;
    /** Characters an example keeps: enough for a sentence, short enough for one console line. */
    public static final int EXAMPLE_CHARS = 160;
    static final int MAX_GROUPS = 1000;
    /** The part of a message that decides its group; servers append request bodies and stack traces. */
    private static final int KEY_CHARS = 200;
    static final String OTHER_MESSAGES = "(other messages)";
    private static final Pattern WORD_WITH_DIGIT = Pattern.compile("[\\p{Alnum}_]*\\d[\\p{Alnum}_]*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * One group of failed requests.
     *
     * @param errorType  the failures' {@code error_type}
     * @param statusCode their HTTP status; 0 when no response arrived
     * @param requests   how many failed this way
     * @param example    the first one's message, on one line and truncated to {@value #EXAMPLE_CHARS}
     *                   characters (without the "HTTP 400: " the status already says)
     */
    public record Group(String errorType, int statusCode, int requests, String example) {
        /** A rejected request: 4xx other than 408 (timeout) and 429 (rate limit), which are load. */
        public boolean rejected() {
            return statusCode >= 400 && statusCode < 500 && statusCode != 408 && statusCode != 429;
        }

        Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Failure Cause", errorType);
            m.put("Status Code", statusCode > 0 ? statusCode : null);
            m.put("Requests", requests);
            m.put("Example", example);
            return m;
        }
    }

    private record Key(String errorType, int statusCode, String normalized) {
    }

    private static final class Tally {
        final String example;
        int requests;

        Tally(String example) {
            this.example = example;
        }
    }

    /* insertion order: the first message of a group is the first one seen, in the database's row order too */
    private final Map<Key, Tally> groups = new LinkedHashMap<>();

    /** Counts one failed (not interrupted) request. */
    public void add(RequestRecord r) {
        int status = r.statusCode();
        String message = oneLine(withoutStatusPrefix(r.error() == null ? "" : r.error(), status));
        Key key = new Key(r.errorType(), status, normalize(message));
        Tally tally = groups.get(key);
        boolean full = tally == null && groups.size() >= MAX_GROUPS;
        if (full) {
            key = new Key(r.errorType(), status, OTHER_MESSAGES);
            tally = groups.get(key);
        }
        if (tally == null) {
            tally = new Tally(full ? OTHER_MESSAGES : truncate(message));
            groups.put(key, tally);
        }
        tally.requests++;
    }

    /**
     * The {@value #TOP_PER_CAUSE} largest groups of each cause; causes in the order of
     * {@code causeOrder} (the summary's Failure Causes: most failures first), groups by count, ties
     * in the order first seen.
     */
    public List<Group> top(Iterable<String> causeOrder) {
        List<Group> all = new ArrayList<>();
        groups.forEach((k, t) -> all.add(new Group(k.errorType(), k.statusCode(), t.requests, t.example)));
        List<Group> out = new ArrayList<>();
        for (String cause : causeOrder) {
            all.stream().filter(g -> g.errorType().equals(cause))
                    .sorted(Comparator.comparingInt(Group::requests).reversed())
                    .limit(TOP_PER_CAUSE).forEach(out::add);
        }
        return out;
    }

    /** The groups as the summary JSON's list of objects. */
    static List<Map<String, Object>> toJson(List<Group> groups) {
        return groups.stream().map(Group::toJsonMap).toList();
    }

    /** The grouping key: whitespace collapsed, every word holding a digit replaced by '#'. */
    static String normalize(String message) {
        String head = message.length() > KEY_CHARS ? message.substring(0, KEY_CHARS) : message;
        return WORD_WITH_DIGIT.matcher(head).replaceAll("#");
    }

    /** The transport writes "HTTP 400: message"; the status has its own column. */
    private static String withoutStatusPrefix(String error, int status) {
        String prefix = "HTTP " + status + ": ";
        return status > 0 && error.startsWith(prefix) ? error.substring(prefix.length()) : error;
    }

    /** Control characters and line breaks become spaces: an example is one line of a table. */
    public static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return WHITESPACE.matcher(sb).replaceAll(" ").strip();
    }

    /** At most {@value #EXAMPLE_CHARS} characters, an ellipsis marking the cut. */
    public static String truncate(String text) {
        if (text.length() <= EXAMPLE_CHARS) {
            return text;
        }
        int end = EXAMPLE_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
