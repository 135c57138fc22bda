package dev.barrage.config;

import java.util.List;
import java.util.Map;

/**
 * Finds NaN and infinities in settings. They parse as numbers ({@code --temperature NaN}, YAML's
 * {@code .nan} and {@code .inf}, JSON's {@code 1e999}) but mean nothing as a setting, and Jackson
 * writes them into a request body as the strings "NaN" and "Infinity".
 */
public final class FiniteNumbers {
    private FiniteNumbers() {
    }

    /**
     * The first NaN or infinity in {@code value}, walking maps and lists, as {@code path = value}
     * ({@code a.b[2] = NaN}; just the value when {@code value} itself is one), or {@code null}.
     */
    public static String firstNonFinite(Object value) {
        return find(value, "");
    }

    private static String find(Object value, String path) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return path.isEmpty() ? String.valueOf(value) : path + " = " + value;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String found = find(e.getValue(), path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String found = find(list.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
