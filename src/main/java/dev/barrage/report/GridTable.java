package dev.barrage.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain-text tables in the layout of Python's {@code tabulate}, which evalscope prints:
 * {@link Style#GRID} rules every row and underlines the header with '=', {@link Style#PRETTY}
 * rules only the header and the outline.
 */
public final class GridTable {
    public enum Style { GRID, PRETTY }

    /** Column alignment. */
    public enum Align { LEFT, RIGHT }

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    public GridTable(List<String> headers, List<Align> aligns) {
        if (headers.size() != aligns.size()) {
            throw new IllegalArgumentException("headers (" + headers.size() + ") and aligns (" + aligns.size()
                    + ") should have the same size");
        }
        this.headers = List.copyOf(headers);
        this.aligns = List.copyOf(aligns);
    }

    public GridTable row(String... cells) {
        return row(Arrays.asList(cells));
    }

    public GridTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public String render(Style style) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder sb = new StringBuilder();
        rule(sb, widths, '-');
        line(sb, headers, widths, true);
        rule(sb, widths, style == Style.GRID ? '=' : '-');
        for (int r = 0; r < rows.size(); r++) {
            line(sb, rows.get(r), widths, false);
            if (style == Style.GRID && r < rows.size() - 1) {
                rule(sb, widths, '-');
            }
        }
        rule(sb, widths, '-');
        return sb.toString();
    }

    private static void rule(StringBuilder sb, int[] widths, char fill) {
        sb.append('+');
        for (int w : widths) {
            sb.append(String.valueOf(fill).repeat(w + 2)).append('+');
        }
        sb.append('\n');
    }

    private void line(StringBuilder sb, List<String> cells, int[] widths, boolean header) {
        sb.append('|');
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            int pad = widths[c] - width(cell);
            boolean right = !header && aligns.get(c) == Align.RIGHT;
            sb.append(' ');
            if (right) {
                sb.append(" ".repeat(pad)).append(cell);
            } else {
                sb.append(cell).append(" ".repeat(pad));
            }
            sb.append(" |");
        }
        sb.append('\n');
    }

    /**
     * Display width: East Asian wide characters take two columns in a terminal; ANSI colour
     * sequences take none.
     */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == 0x1b) {
                int end = s.indexOf('m', i);
                i = end < 0 ? s.length() : end + 1;
                continue;
            }
            w += cp >= 0x1100 && (cp <= 0x115F || cp >= 0x2E80 && cp <= 0xA4CF || cp >= 0xAC00 && cp <= 0xD7A3
                    || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0xFE30 && cp <= 0xFE4F || cp >= 0xFF00 && cp <= 0xFF60
                    || cp >= 0xFFE0 && cp <= 0xFFE6) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }
}
