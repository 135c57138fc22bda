package dev.barrage.report;

import java.util.List;

/** Small HTML building blocks with escaping: every text that came from a user or a server goes through {@link #esc}. */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A table; header cells and body cells are escaped. A body cell starting with
     * {@code "\u0000num:"} is right-aligned (numbers).
     */
    static String table(String cssClass, List<String> headers, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table class=\"").append(esc(cssClass)).append("\"><thead><tr>");
        for (String h : headers) {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String cell : row) {
                boolean num = cell.startsWith(NUM);
                sb.append(num ? "<td class=\"num\">" : "<td>").append(esc(num ? cell.substring(NUM.length()) : cell))
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    static final String NUM = "\u0000num:";

    /** A right-aligned numeric cell. */
    static String num(String formatted) {
        return NUM + formatted;
    }

    /**
     * Code safe inside a {@code <script>} element: "&lt;/script" would end the element early. (The
     * inlined Chart.js holds none; this is a guard for a future version.)
     */
    static String scriptSafe(String js) {
        return js.replaceAll("(?i)</script", "<\\\\/script");
    }

    /** JSON safe inside a {@code <script>} element: '<' only occurs in strings, where \u003c means the same. */
    static String jsonSafe(String json) {
        return json.replace("<", "\\u003c");
    }
}
