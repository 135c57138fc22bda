package dev.barrage.servermetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, which also reads OpenMetrics
 * 1.0 text (its {@code # UNIT} and {@code # EOF} lines, float timestamps and exemplars). No
 * maintained Java library parses this format: the Prometheus Java client only writes it.
 *
 * <p>Strict as Prometheus itself is: one malformed line rejects the page, since a page that is
 * wrong in one place cannot be trusted in the others (a truncated page, say). The exception names
 * the line and the rule it broke. Anything else that can go wrong is turned into that exception,
 * so a caller has exactly one failure to handle ({@code ExpositionParserProperties} fuzzes this).
 *
 * <p>What is accepted: {@code # HELP} and {@code # TYPE} lines (other comments are skipped),
 * sample lines {@code name{label="value",...} value [timestamp] [# exemplar]} with the escapes
 * {@code \\}, {@code \"} and {@code \n} in label values (another escaped character is kept as
 * written, as Prometheus does), values as Go's {@code ParseFloat} reads them ({@code NaN},
 * {@code +Inf}, {@code -Inf}, any case), empty lines, LF or CRLF line ends. Rejected: anything
 * else, a {@code # TYPE} with an unknown type or given twice, the same series twice, data after
 * OpenMetrics' {@code # EOF}, and more than {@link #MAX_SAMPLES} samples. Timestamps are checked
 * and dropped: Barrage stamps each scrape on its own clock.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpositionParser {
    /** A bound on one page, so a runaway exporter cannot exhaust the client's memory. */
    public static final int MAX_SAMPLES = 200_000;
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped",
            "unknown", "gaugehistogram", "info", "stateset");

    private ExpositionParser() {
    }

    /**
     * @param openMetrics the page was served as {@code application/openmetrics-text}: it must then
     *                    end with {@code # EOF} (a page cut short does not)
     */
    public static MetricsPage parse(String text, boolean openMetrics) throws ExpositionFormatException {
        try {
            return new Run(text).parse(openMetrics);
        } catch (ExpositionFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // a bug here must cost one page, never the scraper
            throw new ExpositionFormatException("unreadable page (" + e + ")");
        }
    }

    /** The state of one parse. */
    private static final class Run {
        private final String text;
        private final List<Sample> samples = new ArrayList<>();
        private final Map<String, String> types = new HashMap<>();
        /* name and labels; Map.equals ignores label order, as series identity does */
        private final Set<Map.Entry<String, Map<String, String>>> series = new HashSet<>();
        private int lineNumber;
        private String line;
        private int pos;

        Run(String text) {
            this.text = text;
        }

        MetricsPage parse(boolean openMetrics) throws ExpositionFormatException {
            boolean eof = false;
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    end = text.length();
                }
                lineNumber++;
                line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end).stripLeading();
                start = end + 1;
                if (eof) {
                    if (!line.isEmpty()) {
                        throw fail("data after '# EOF'");
                    }
                    continue;
                }
                if (line.isEmpty()) {
                    continue;
                }
                if (line.charAt(0) == '#') {
                    eof = comment();
                } else {
                    sample();
                }
            }
            if (openMetrics && !eof) {
                throw new ExpositionFormatException("an OpenMetrics page must end with '# EOF' (was it cut short?)");
            }
            return new MetricsPage(samples, types);
        }

        /** @return true for OpenMetrics' {@code # EOF} */
        private boolean comment() throws ExpositionFormatException {
            if (line.equals("# EOF")) {
                return true;
            }
            String[] words = line.split("[ \t]+", 4);
            if (words.length < 2 || !words[0].equals("#") || !words[1].equals("TYPE") && !words[1].equals("HELP")
                    && !words[1].equals("UNIT")) {
                return false; // a free comment
            }
            if (words.length < 3 || !isMetricName(words[2])) {
                throw fail("'# " + words[1] + "' needs a metric name");
            }
            if (words[1].equals("TYPE")) {
                String type = words.length > 3 ? words[3].trim() : "";
                if (!TYPES.contains(type)) {
                    throw fail("unknown metric type '" + type + "' (counter, gauge, histogram, summary or untyped)");
                }
                if (types.put(words[2], type) != null) {
                    throw fail("a second '# TYPE' for " + words[2]);
                }
            }
            return false;
        }

        private void sample() throws ExpositionFormatException {
            pos = 0;
            String name = metricName();
            Map<String, String> labels = Map.of();
            if (pos < line.length() && line.charAt(pos) == '{') {
                labels = labels();
            }
            if (!skipBlanks()) {
                throw fail("expected a space and a value after " + name);
            }
            double value = number(token(), "value");
            if (skipBlanks() && pos < line.length() && line.charAt(pos) != '#') {
                number(token(), "timestamp");
                skipBlanks();
            }
            if (pos < line.length() && line.charAt(pos) != '#') {
                throw fail("unexpected text after the value: '" + line.substring(pos) + "'");
            }
            // whatever follows '#' is an OpenMetrics exemplar: the series' value stands without it
            if (!series.add(Map.entry(name, labels))) {
                throw fail("the series " + name + labels + " appears twice");
            }
            if (samples.size() >= MAX_SAMPLES) {
                throw fail("more than " + MAX_SAMPLES + " samples");
            }
            samples.add(new Sample(name, labels, value));
        }

        private String metricName() throws ExpositionFormatException {
            int start = pos;
            while (pos < line.length() && isNameChar(line.charAt(pos), pos == start, true)) {
                pos++;
            }
            if (pos == start) {
                throw fail("expected a metric name");
            }
            return line.substring(start, pos);
        }

        private Map<String, String> labels() throws ExpositionFormatException {
            Map<String, String> labels = new LinkedHashMap<>();
            pos++; // '{'
            while (true) {
                skipBlanks();
                if (pos < line.length() && line.charAt(pos) == '}') {
                    pos++;
                    return labels;
                }
                int start = pos;
                while (pos < line.length() && isNameChar(line.charAt(pos), pos == start, false)) {
                    pos++;
                }
                if (pos == start) {
                    throw fail("expected a label name or '}'");
                }
                String label = line.substring(start, pos);
                skipBlanks();
                if (pos >= line.length() || line.charAt(pos) != '=') {
                    throw fail("expected '=' after the label " + label);
                }
                pos++;
                skipBlanks();
                if (labels.put(label, labelValue()) != null) {
                    throw fail("the label " + label + " is given twice");
                }
                skipBlanks();
                if (pos < line.length() && line.charAt(pos) == ',') {
                    pos++;
                } else if (pos >= line.length() || line.charAt(pos) != '}') {
                    throw fail("expected ',' or '}' after a label value");
                }
            }
        }

        private String labelValue() throws ExpositionFormatException {
            if (pos >= line.length() || line.charAt(pos) != '"') {
                throw fail("a label value must be in double quotes");
            }
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (pos >= line.length()) {
                    break;
                }
                char escaped = line.charAt(pos++);
                switch (escaped) {
                    case '\\', '"' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    default -> value.append('\\').append(escaped);
                }
            }
            throw fail("a label value is not closed by '\"'");
        }

        /** Skips spaces and tabs; true when there were any. */
        private boolean skipBlanks() {
            int start = pos;
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
            return pos > start;
        }

        private String token() {
            int start = pos;
            while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
                pos++;
            }
            return line.substring(start, pos);
        }

        private double number(String token, String what) throws ExpositionFormatException {
            Double special = special(token);
            if (special != null) {
                return special;
            }
            if (!isDecimal(token)) {
                throw fail("the " + what + " '" + token + "' is not a number");
            }
            return Double.parseDouble(token);
        }

        private ExpositionFormatException fail(String rule) {
            String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
            return new ExpositionFormatException("line " + lineNumber + ": " + rule + " (in: " + shown + ")");
        }
    }

    /** NaN and infinities as Go's ParseFloat spells them (case-insensitive), else null. */
    private static Double special(String token) {
        String t = token.startsWith("+") || token.startsWith("-") ? token.substring(1) : token;
        boolean negative = token.startsWith("-");
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return null;
    }

    /**
     * {@code [+-]digits[.digits][e[+-]digits]}: what Double.parseDouble also reads, without its
     * extras (hexadecimal, a trailing 'd' or 'f') that no exporter writes.
     */
    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    static boolean isMetricName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i), i == 0, true)) {
                return false;
            }
        }
        return true;
    }

    /** Metric names: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; label names the same without ':'. */
    private static boolean isNameChar(char c, boolean first, boolean colon) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || colon && c == ':'
                || !first && c >= '0' && c <= '9';
    }
}
