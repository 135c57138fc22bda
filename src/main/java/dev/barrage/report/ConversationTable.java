package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.ConversationStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversation figures of a {@code --multi-turn} sweep, one row per run, for
 * {@code performance_summary.txt} and the HTML report; absent when no run had conversations.
 */
final class ConversationTable {
    static final List<String> HEADERS = List.of("Conc.", "Rate", "Conversations", "Turns", "Turns/conv.",
            "First-turn TTFT (ms)", "Later-turn TTFT (ms)", "KV cache hit (%)");

    private ConversationTable() {
    }

    /** The rows, or an empty list when no run had conversations. */
    static List<List<String>> rows(List<StepResult> results) {
        List<List<String>> rows = new ArrayList<>();
        for (StepResult r : results) {
            ConversationStats.Summary c = r.summary().conversations();
            if (c == null) {
                continue;
            }
            rows.add(List.of(r.summary().concurrency() < 0 ? "-" : String.valueOf(r.summary().concurrency()),
                    r.summary().requestRate() > 0 ? Numbers.fixed(r.summary().requestRate(), 2) : "-",
                    String.valueOf(c.conversations()), String.valueOf(c.turns()),
                    Numbers.fixed(c.avgTurnsPerConversation(), 2), Numbers.fixed(c.firstTurnTtftMs(), 1),
                    Numbers.fixed(c.laterTurnTtftMs(), 1),
                    c.cacheHitPercent() == null ? "not reported" : Numbers.fixed(c.cacheHitPercent(), 1)));
        }
        return rows;
    }

    /** The plain-text table, or {@code null} when no run had conversations. */
    static String text(List<StepResult> results) {
        List<List<String>> rows = rows(results);
        if (rows.isEmpty()) {
            return null;
        }
        GridTable t = new GridTable(HEADERS, java.util.Collections.nCopies(HEADERS.size(), GridTable.Align.RIGHT));
        rows.forEach(t::row);
        return t.render(GridTable.Style.GRID);
    }

    /** The HTML table, or an empty string when no run had conversations. */
    static String html(List<StepResult> results) {
        List<List<String>> rows = rows(results);
        if (rows.isEmpty()) {
            return "";
        }
        List<List<String>> cells = new ArrayList<>();
        for (List<String> row : rows) {
            cells.add(row.stream().map(Html::num).toList());
        }
        return "<section><h2>Conversations</h2><p class=\"note\">Multi-turn runs: first-turn against later-turn TTFT,"
                + " and the cache hit rate the server reported (cached_tokens). Per-conversation percentiles are in"
                + " each run's trace_summary.json.</p>" + Html.table("overview", HEADERS, cells)
                + "<div class=\"grid\" id=\"charts-turns\"></div></section>";
    }
}
