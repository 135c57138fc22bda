package dev.barrage.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barrage.BarrageException;
import dev.barrage.report.HtmlReport;
import dev.barrage.report.SweepData;
import dev.barrage.report.SweepLoader;
import dev.barrage.store.JsonFiles;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's routes: {@code /} the list of sweeps, {@code /report?run=ID} one sweep's
 * report, {@code /compare?a=ID&b=ID} two sweeps compared, {@code /api/runs} the list as JSON. IDs
 * are looked up in the index, never used as paths, so no request can reach a file outside the
 * outputs folder. A sweep that cannot be read answers 500 naming the file; every other page
 * keeps working. Called from several threads at once: it keeps no state between requests.
 */
final class Pages {
    private final RunIndex index;

    Pages(RunIndex index) {
        this.index = index;
    }

    /** The answer to a GET of {@code path} with this raw query string (null when none). */
    Reply get(String path, String rawQuery) {
        Map<String, String> q = query(rawQuery);
        try {
            return switch (path) {
                case "/" -> Reply.html(IndexPage.render(index, index.scan()));
                case "/report" -> withRuns(List.of(String.valueOf(q.get("run"))),
                        runs -> HtmlReport.sweep(runs.get(0)));
                case "/compare" -> withRuns(List.of(String.valueOf(q.get("a")), String.valueOf(q.get("b"))),
                        runs -> HtmlReport.comparison(runs.get(0), runs.get(1)));
                case "/api/runs" -> new Reply(200, "application/json", runsJson());
                default -> Reply.text(404, "not found: the dashboard serves /, /report, /compare and /api/runs");
            };
        } catch (BarrageException e) {
            // a damaged run: its message names the file; the user can fix or move it and reload
            return Reply.text(500, e.getMessage() + " Restore or move that run's folder and reload; the other runs"
                    + " are still served at /.");
        } catch (RuntimeException e) {
            return Reply.text(500, "cannot build the page (a bug in Barrage): " + e);
        }
    }

    private interface Page {
        String render(List<SweepData> runs);
    }

    private Reply withRuns(List<String> ids, Page page) {
        List<Optional<RunIndex.Entry>> entries = ids.stream().map(index::find).toList();
        if (entries.stream().anyMatch(Optional::isEmpty)) {
            return Reply.text(404, "unknown run: pick runs from the list at /");
        }
        List<SweepData> runs = entries.stream().map(e -> SweepLoader.load(e.get().root())).toList();
        return Reply.html(withBackLink(page.render(runs)));
    }

    /** The report pages are the files' pages; served here they get a way back to the list. */
    static String withBackLink(String page) {
        return page.replaceFirst("<body>", "<body><nav style=\"background:#1e293b;padding:6px 32px;font:13px system-ui,"
                + "sans-serif\"><a href=\"/\" style=\"color:#93c5fd\">&larr; all runs</a></nav>");
    }

    private String runsJson() {
        List<Map<String, Object>> list = index.scan().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("model", e.model());
            m.put("target", e.target());
            m.put("runs", e.steps().size());
            m.put("peak_rps", e.peak("Req Throughput (req/s)"));
            return m;
        }).toList();
        try {
            return JsonFiles.mapper().writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run list as JSON", e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException badEscape) {
                        // "%zz": not an id the index holds; the route answers 404 for it
                    }
                }
            }
        }
        return m;
    }
}
