package dev.barrage.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bridges the gap between Python's Jinja2, in which HuggingFace chat templates are written, and
 * Jinjava: a few source rewrites for syntax Jinjava does not parse, and a {@code pyslice} filter.
 * Each rewrite keeps the template's meaning; {@code ChatTemplateTest} checks the rendered output
 * against Jinja2's for real templates.
 *
 * <ul>
 *   <li>{@code x[::-1]} becomes {@code x|reverse}.</li>
 *   <li>{@code x[a:b]} with literal bounds becomes {@code x|pyslice('a','b')} (Jinjava has no
 *       slice syntax).</li>
 *   <li>Keyword arguments of {@code namespace(...)} are parenthesised: Jinjava would otherwise
 *       read {@code n=messages|length - 1} as {@code (n=messages|length) - 1}.</li>
 * </ul>
 */
final class TemplateDialect {
    private static final Pattern REVERSE = Pattern.compile("\\[\\s*:\\s*:\\s*-1\\s*]");
    private static final Pattern SLICE = Pattern.compile("(?<=[\\w)\\]])\\[\\s*(-?\\d*)\\s*:\\s*(-?\\d*)\\s*]");
    private static final Pattern NAMESPACE = Pattern.compile("\\bnamespace\\(");

    private TemplateDialect() {
    }

    static String rewrite(String template) {
        String s = REVERSE.matcher(template).replaceAll("|reverse");
        Matcher m = SLICE.matcher(s);
        s = m.replaceAll(r -> Matcher.quoteReplacement("|pyslice('" + r.group(1) + "','" + r.group(2) + "')"));
        return parenthesiseNamespaceArguments(s);
    }

    private static String parenthesiseNamespaceArguments(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        Matcher m = NAMESPACE.matcher(s);
        int copied = 0;
        while (m.find(copied)) {
            int open = m.end();
            List<String> args = new ArrayList<>();
            int close = splitArguments(s, open, args);
            if (close < 0) {
                break;
            }
            out.append(s, copied, open);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                int eq = keywordEquals(arg);
                out.append(i > 0 ? "," : "");
                out.append(eq < 0 ? arg : arg.substring(0, eq + 1) + "(" + arg.substring(eq + 1) + ")");
            }
            out.append(')');
            copied = close + 1;
        }
        return out.append(s.substring(copied)).toString();
    }

    /**
     * Splits the arguments of a call whose '(' is just before {@code from} at its top-level
     * commas (quoted strings and brackets skipped) into {@code args}; returns the index of the
     * closing ')', or -1 when there is none.
     */
    private static int splitArguments(String s, int from, List<String> args) {
        int depth = 0;
        char quote = 0;
        int start = from;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth-- == 0) {
                args.add(s.substring(start, i));
                return i;
            } else if (c == ',' && depth == 0) {
                args.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return -1;
    }

    /** Position of '=' in {@code name=value} (not '=='), or -1. */
    private static int keywordEquals(String arg) {
        Matcher m = Pattern.compile("^\\s*\\w+\\s*=(?!=)").matcher(arg);
        return m.find() ? m.end() - 1 : -1;
    }

    /** {@code seq|pyslice('start','stop')}: Python's {@code seq[start:stop]} for lists and strings. */
    static final class PySliceFilter implements Filter {
        @Override
        public String getName() {
            return "pyslice";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var instanceof String s) {
                int[] r = range(s.length(), args);
                return s.substring(r[0], Math.max(r[0], r[1]));
            }
            if (var instanceof List<?> list) {
                int[] r = range(list.size(), args);
                return new ArrayList<>(list.subList(r[0], Math.max(r[0], r[1])));
            }
            return var;
        }

        private static int[] range(int size, String[] args) {
            return new int[] {bound(args.length > 0 ? args[0] : "", size, 0), bound(args.length > 1 ? args[1] : "", size, size)};
        }

        private static int bound(String text, int size, int absent) {
            if (text == null || text.isBlank()) {
                return absent;
            }
            int v = Integer.parseInt(text.trim());
            return Math.max(0, Math.min(size, v < 0 ? size + v : v));
        }
    }
}
