package dev.barrage.metrics.views;

import dev.barrage.metrics.RequestRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * evalscope perf's definitions ({@code evalscope/perf/utils/benchmark_util.py},
 * {@code BenchmarkData.finalize} and {@code MetricsAccumulator}; percentiles in
 * {@code evalscope/perf/utils/db_util.py}, {@code calculate_percentiles} and
 * {@code get_percentile_results}; timing in {@code evalscope/perf/plugin/api/default_api.py}).
 * Where Barrage's native figures already follow evalscope's keys, this view differs in the rules
 * Barrage deliberately does not copy: a TPOT of 0 for one-token replies that still counts in the
 * average, nearest-rank percentiles rounded to two decimals, a duration that ignores when failed
 * requests ended, and a zero-output reply timed like any other.
 */
final class EvalscopeView implements MetricView {
    static final List<String> LABELS = List.of("min", "1%", "5%", "10%", "25%", "50%", "75%", "90%", "95%", "99%",
            "max");
    private static final int[] PERCENTS = {0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100};

    @Override
    public String name() {
        return "evalscope";
    }

    @Override
    public String tool() {
        return "EvalScope (evalscope perf)";
    }

    @Override
    public String source() {
        return "modelscope/evalscope@fde259d2: evalscope/perf/utils/benchmark_util.py (BenchmarkData.finalize,"
                + " MetricsAccumulator.update/to_result), evalscope/perf/utils/db_util.py (calculate_percentiles,"
                + " get_percentile_results), evalscope/perf/plugin/api/default_api.py (process_request)";
    }

    /** One success as evalscope's BenchmarkData holds it, in seconds. */
    private record Row(boolean stream, double latencyS, double ttftS, double tpotS, int prompt, int completion) {
    }

    @Override
    public ViewResult compute(List<RequestRecord> all) {
        List<RequestRecord> records = Timing.measured(all);
        List<Row> rows = new ArrayList<>();
        Samples gapsMs = new Samples();
        long wallStart = Long.MAX_VALUE;
        long wallEnd = Long.MIN_VALUE;
        int streamTotal = 0;
        for (RequestRecord r : records) {
            wallStart = Math.min(wallStart, r.sendNanos());
            if (r.stream()) {
                streamTotal++;
            }
            if (!r.success()) {
                continue; // a failure's completed_time stays 0: only its start widens the window
            }
            wallEnd = Math.max(wallEnd, r.endNanos());
            long[] events = Timing.events(r);
            double latency = Timing.seconds(r.sendNanos(), r.endNanos());
            // first event with a choices entry; a stream without a token event has its role and finish chunks at the end
            double ttft = r.stream() && events.length > 0 ? Timing.seconds(r.sendNanos(), events[0]) : latency;
            int completion = Timing.outputTokens(r);
            double tpot = completion > 1 ? (latency - ttft) / (completion - 1) : 0;
            rows.add(new Row(r.stream(), latency, ttft, tpot, Timing.promptTokens(r), completion));
            if (r.stream()) {
                Timing.addGapsMs(events, gapsMs);
            }
        }
        // wall_time: max(completed) - min(start); nothing completed leaves completed at 0, so 0 s
        double wall = records.isEmpty() ? 1.0 : wallEnd == Long.MIN_VALUE ? 0 : Math.max(0,
                Timing.seconds(wallStart, wallEnd));
        return result(records.size(), streamTotal, rows, gapsMs, wall);
    }

    private ViewResult result(int total, int streamTotal, List<Row> rows, Samples gapsMs, double wall) {
        int n = rows.size();
        List<Row> streamed = rows.stream().filter(Row::stream).toList();
        // TTFT and TPOT average the streamed successes when there are any
        List<Row> timed = streamed.isEmpty() ? rows : streamed;
        double latency = avgOrMinusOne(rows.stream().mapToDouble(Row::latencyS).sum(), n);
        double ttft = avgOrMinusOne(timed.stream().mapToDouble(Row::ttftS).sum(), timed.size());
        double tpot = avgOrMinusOne(timed.stream().mapToDouble(Row::tpotS).sum(), timed.size());
        double prompt = rows.stream().mapToDouble(Row::prompt).sum();
        double completion = rows.stream().mapToDouble(Row::completion).sum();
        double itl = gapsMs.isEmpty() ? 0 : gapsMs.mean() / 1000;
        double qps = divOrMinusOne(n, wall);
        double outputTps = divOrMinusOne(completion, wall);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Test Duration (s)", Json.pythonRound(wall, 4));
        m.put("Total Requests", total);
        m.put("Success Requests", n);
        m.put("Failed Requests", total - n);
        m.put("Stream Requests", streamTotal);
        m.put("Non-Stream Requests", total - streamTotal);
        m.put("Req Throughput (req/s)", Json.pythonRound(qps, 4));
        m.put("Avg Latency (s)", Json.pythonRound(latency, 4));
        m.put("Avg Input Tokens", Json.pythonRound(avgOrMinusOne(prompt, n), 4));
        m.put("Output Throughput (tok/s)", Json.pythonRound(outputTps, 4));
        m.put("Total Throughput (tok/s)", Json.pythonRound(divOrMinusOne(prompt + completion, wall), 4));
        m.put("Avg TTFT (ms)", Json.pythonRound(ttft * 1000, 2));
        m.put("Avg TPOT (ms)", Json.pythonRound(tpot * 1000, 2));
        m.put("Avg ITL (ms)", Json.pythonRound(itl * 1000, 2));
        m.put("Avg Output Tokens", Json.pythonRound(avgOrMinusOne(completion, n), 4));
        Map<String, Samples> columns = percentileColumns(rows, timed, gapsMs);
        m.put("Percentiles", percentileRows(columns));
        // the figures as evalscope prints them: its rounding included
        ViewFigures figures = new ViewFigures(round(wall, 4), n, total - n, round(ttft * 1000, 2),
                p99(columns, "TTFT (ms)"), round(tpot * 1000, 2), p99(columns, "TPOT (ms)"), round(itl * 1000, 2),
                p99(columns, "ITL (ms)"), round(latency, 4), p99(columns, "Latency (s)"), round(qps, 4),
                round(outputTps, 4));
        return new ViewResult(name(), tool(), source(), figures, m);
    }

    /** The columns of benchmark_percentile.json: TTFT, TPOT and Decode from streamed rows (all rows if none). */
    private static Map<String, Samples> percentileColumns(List<Row> rows, List<Row> timed, Samples gapsMs) {
        Map<String, Samples> c = new LinkedHashMap<>();
        Samples ttft = new Samples();
        Samples tpot = new Samples();
        Samples decode = new Samples();
        for (Row r : timed) {
            ttft.add(r.ttftS() * 1000);
            tpot.add(r.tpotS() * 1000);
            decode.add(r.tpotS() > 0 ? 1.0 / r.tpotS() : Double.NaN);
        }
        Samples latency = new Samples();
        Samples input = new Samples();
        Samples output = new Samples();
        Samples outputTps = new Samples();
        Samples totalTps = new Samples();
        for (Row r : rows) {
            latency.add(r.latencyS());
            input.add(r.prompt());
            output.add(r.completion());
            outputTps.add(r.latencyS() > 0 ? r.completion() / r.latencyS() : Double.NaN);
            totalTps.add(r.latencyS() > 0 ? (r.prompt() + r.completion()) / r.latencyS() : Double.NaN);
        }
        c.put("TTFT (ms)", ttft);
        c.put("ITL (ms)", gapsMs);
        c.put("TPOT (ms)", tpot);
        c.put("Decode (tok/s)", decode);
        c.put("Latency (s)", latency);
        c.put("Input tokens", input);
        c.put("Output tokens", output);
        c.put("Output (tok/s)", outputTps);
        c.put("Total (tok/s)", totalTps);
        return c;
    }

    private static List<Map<String, Object>> percentileRows(Map<String, Samples> columns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Percentiles", LABELS.get(i));
            for (Map.Entry<String, Samples> e : columns.entrySet()) {
                row.put(e.getKey(), Json.pythonRound(e.getValue().nearestRank(PERCENTS[i]), 2));
            }
            rows.add(row);
        }
        return rows;
    }

    private static double p99(Map<String, Samples> columns, String column) {
        return round(columns.get(column).nearestRank(99), 2);
    }

    private static double round(double v, int decimals) {
        Double r = Json.pythonRound(v, decimals);
        return r == null ? Double.NaN : r;
    }

    private static double avgOrMinusOne(double sum, int n) {
        return n == 0 ? -1 : sum / n;
    }

    private static double divOrMinusOne(double amount, double seconds) {
        return seconds == 0 ? -1 : amount / seconds;
    }
}
