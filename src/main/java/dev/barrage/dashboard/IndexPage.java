package dev.barrage.dashboard;

import dev.barrage.Version;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The dashboard's front page: the sweeps found, with links to their reports and a compare form. */
final class IndexPage {
    private IndexPage() {
    }

    static String render(RunIndex index, List<RunIndex.Entry> entries) {
        StringBuilder rows = new StringBuilder();
        for (RunIndex.Entry e : entries) {
            String id = esc(e.id());
            rows.append("<tr class=\"run\"><td><a href=\"/report?run=").append(esc(url(e.id()))).append("\">")
                    .append(id).append("</a></td><td>").append(esc(e.model())).append("</td><td>")
                    .append(esc(e.target())).append("</td><td class=\"num\">").append(esc(e.loads()))
                    .append("</td><td class=\"num\">").append(fixed(e.peak("Req Throughput (req/s)"), 2))
                    .append("</td><td class=\"num\">").append(fixed(e.peak("Output Throughput (tok/s)"), 1))
                    .append("</td><td><input type=\"radio\" name=\"a\" value=\"").append(id).append("\"></td>")
                    .append("<td><input type=\"radio\" name=\"b\" value=\"").append(id).append("\"></td></tr>");
        }
        String table = entries.isEmpty()
                ? "<p>No runs yet under this folder. Run <code>barrage perf --outputs-dir " + esc(index.outputs().toString())
                        + "</code>, then reload.</p>"
                : "<form action=\"/compare\" method=\"get\"><table><thead><tr><th>Sweep</th><th>Model</th><th>Target</th>"
                        + "<th>Concurrency</th><th>Peak req/s</th><th>Peak output tok/s</th><th>A</th><th>B</th></tr>"
                        + "</thead><tbody>" + rows + "</tbody></table>"
                        + "<p><button type=\"submit\">Compare A with B</button> &nbsp;Pick one sweep as A and one as B.</p>"
                        + "</form>";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                + "<title>Barrage dashboard</title><style>" + STYLE + "</style></head><body><header><h1>Barrage"
                + " dashboard</h1><p>" + entries.size() + " sweep(s) in " + esc(index.outputs().toString())
                + "</p></header><main>" + table + "</main><footer>Barrage " + esc(Version.get())
                + ". Reads only what barrage perf wrote; reports are rebuilt from each run's benchmark_data.db."
                + "</footer></body></html>\n";
    }

    private static final String STYLE = "body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#1f2937;background:#f8fafc}"
            + "header{background:#0f172a;color:#e2e8f0;padding:18px 32px}header h1{margin:0;font-size:22px}"
            + "header p{margin:4px 0 0;color:#94a3b8}main{padding:18px 32px}table{border-collapse:collapse;background:#fff}"
            + "th,td{border:1px solid #e5e7eb;padding:5px 10px;text-align:left}thead th{background:#f1f5f9}"
            + "td.num{text-align:right}button{font:inherit;padding:5px 14px}footer{color:#6b7280;padding:0 32px 24px;"
            + "font-size:12px}";

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
