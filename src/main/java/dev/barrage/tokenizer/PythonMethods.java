package dev.barrage.tokenizer;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Python's {@code str} and {@code dict} methods for Jinjava, which otherwise only offers Java's:
 * HuggingFace chat templates are written for Python's Jinja2 and call {@code content.strip()},
 * {@code startswith}, {@code split}, {@code items()} and the like. Placed before Jinjava's own
 * resolver, it answers only the method names it knows and leaves everything else alone.
 * Stateless and thread-safe.
 */
final class PythonMethods extends ELResolver {
    private static final String PY_WHITESPACE = " \t\n\r\u000b\f";

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        Object result = NOT_HANDLED;
        if (base instanceof String s) {
            result = stringMethod(s, String.valueOf(method), params == null ? new Object[0] : params);
        } else if (base instanceof Map<?, ?> m) {
            result = mapMethod(m, String.valueOf(method), params == null ? new Object[0] : params);
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    static Object stringMethod(String s, String method, Object[] args) {
        String a0 = args.length > 0 && args[0] != null ? String.valueOf(args[0]) : null;
        return switch (method) {
            case "startswith" -> s.startsWith(a0);
            case "endswith" -> s.endsWith(a0);
            case "strip" -> strip(s, a0, true, true);
            case "lstrip" -> strip(s, a0, true, false);
            case "rstrip" -> strip(s, a0, false, true);
            case "split" -> split(s, a0, args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT)
                    + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> s.replace(a0, String.valueOf(args[1]));
            case "find" -> (long) s.indexOf(a0);
            case "count" -> (long) (s.isEmpty() && a0.isEmpty() ? 1 : s.split(Pattern.quote(a0), -1).length - 1);
            default -> NOT_HANDLED;
        };
    }

    private static Object mapMethod(Map<?, ?> m, String method, Object[] args) {
        return switch (method) {
            case "items" -> {
                List<List<Object>> items = new ArrayList<>(m.size());
                m.forEach((k, v) -> items.add(Arrays.asList(k, v)));
                yield items;
            }
            case "keys" -> new ArrayList<>(m.keySet());
            case "values" -> new ArrayList<>(m.values());
            case "get" -> m.containsKey(args[0]) ? m.get(args[0]) : args.length > 1 ? args[1] : null;
            default -> NOT_HANDLED;
        };
    }

    /** Python's strip family: {@code chars} is a set of characters; null means whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        String set = chars == null ? PY_WHITESPACE : chars;
        int begin = 0;
        int end = s.length();
        while (left && begin < end && set.indexOf(s.charAt(begin)) >= 0) {
            begin++;
        }
        while (right && end > begin && set.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(begin, end);
    }

    /** Python's split: no separator splits on runs of whitespace and drops empty ends. */
    static List<String> split(String s, String separator, int maxSplit) {
        if (separator == null) {
            String trimmed = strip(s, null, true, true);
            return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+", maxSplit < 0 ? 0 : maxSplit + 1));
        }
        return Arrays.asList(s.split(Pattern.quote(separator), maxSplit < 0 ? -1 : maxSplit + 1));
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return sb.toString();
    }

    // The property side of the resolver is not used: only method calls are answered here.

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
