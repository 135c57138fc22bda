package dev.barrage.load;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.config.SlaCriteria;
import dev.barrage.metrics.Threshold;
import dev.barrage.report.Console;
import dev.barrage.report.GridTable;
import dev.barrage.store.OutputLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code --sla-auto-tune}: finds, for each criteria group, the largest concurrency or rate that
 * satisfies it (or the value that maximises/minimises an objective), by probing. evalscope's
 * method, with its defects fixed:
 * <ul>
 *   <li>criteria are in the units the metrics are printed in (ms for TTFT/TPOT/ITL), so
 *       {@code p99_ttft<=500} means 500 ms;</li>
 *   <li>rates are searched as real numbers, in an open loop (or capped by
 *       {@code --sla-fixed-parallel});</li>
 *   <li>each probe sends enough requests for the percentile its criteria read:
 *       {@code max(multiplier × value, 5 / (1 − p/100))}, so a p99 probe sees at least 500;</li>
 *   <li>every probe is a full run with its own folder {@code sla_tuning/sla_<var>_<value>_run_<i>/},
 *       and the search is written to {@code sla_summary.json}.</li>
 * </ul>
 * A probe passes when every run of it succeeded completely and the criteria hold on the mean of
 * the runs' figures. Search: double from the lower bound until a probe fails, then bisect — to
 * one unit for concurrency, to 5 % for rates. Objectives double while the figure improves, then
 * narrow the bracket around the best value by ternary search.
 */
final class SlaTuner {
    static final double RATE_PRECISION = 0.05;
    private static final int MIN_SAMPLES = 10;

    /** A probed value: its runs and the mean of each criterion's figure. */
    record Probe(double value, List<StepResult> runs, Map<String, Double> means, boolean allSucceeded) {
    }

    /** The search result of one group. */
    record GroupResult(SlaCriteria.Group group, Double best, String note, List<Probe> probes) {
    }

    private final Arguments args;
    private final SlaCriteria criteria;
    private final Console console;
    private final RunExecutor executor;
    private final Supplier<OutputLayout> layout;
    private final List<StepResult> allRuns;
    private final boolean rate;
    private final Map<Double, Probe> cache = new TreeMap<>();

    SlaTuner(Arguments args, Console console, RunExecutor executor, Supplier<OutputLayout> layout,
            List<StepResult> allRuns) {
        this.args = args;
        this.criteria = SlaCriteria.parse(args.slaParams());
        this.console = console;
        this.executor = executor;
        this.layout = layout;
        this.allRuns = allRuns;
        this.rate = args.slaVariable().equals("rate");
    }

    /** Runs every group's search; stops early (returning what it found) on a stop request. */
    List<GroupResult> run(StopSignal stop) throws InterruptedException {
        List<GroupResult> results = new ArrayList<>();
        for (SlaCriteria.Group group : criteria.groups()) {
            if (stop.requested()) {
                break;
            }
            console.info("SLA search: " + args.slaVariable() + " for " + group);
            GroupResult r = group.optimizes() ? optimize(group, stop) : maximize(group, stop);
            results.add(r);
            console.info("SLA result: " + group + " -> " + (r.best() == null ? "none" : format(r.best()))
                    + (r.note().isEmpty() ? "" : " (" + r.note() + ")"));
        }
        return results;
    }

    private GroupResult maximize(SlaCriteria.Group group, StopSignal stop) throws InterruptedException {
        List<Probe> seen = new ArrayList<>();
        double lo = snap(args.slaLowerBound());
        Probe first = probe(lo, group, seen);
        if (first == null) {
            return new GroupResult(group, null, "stopped", seen);
        }
        if (!passes(first, group)) {
            return new GroupResult(group, null, "not satisfied even at the lower bound " + format(lo), seen);
        }
        double hi = Double.NaN;
        while (lo < args.slaUpperBound() && !stop.requested()) {
            double next = snap(Math.min(args.slaUpperBound(), lo * 2));
            Probe p = probe(next, group, seen);
            if (p == null) {
                break;
            }
            if (passes(p, group)) {
                lo = next;
            } else {
                hi = next;
                break;
            }
        }
        if (Double.isNaN(hi)) {
            return new GroupResult(group, lo, lo >= args.slaUpperBound() ? "upper bound reached" : "stopped", seen);
        }
        while (!closeEnough(lo, hi) && !stop.requested()) {
            double mid = snap(rate ? Math.sqrt(lo * hi) : Math.floor((lo + hi) / 2));
            if (mid <= lo || mid >= hi) {
                break;
            }
            Probe p = probe(mid, group, seen);
            if (p == null) {
                break;
            }
            if (passes(p, group)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new GroupResult(group, lo, "first failing value " + format(hi), seen);
    }

    private GroupResult optimize(SlaCriteria.Group group, StopSignal stop) throws InterruptedException {
        SlaCriteria.Condition goal = group.conditions().get(0);
        List<Probe> seen = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double v = snap(args.slaLowerBound());
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        while (v <= args.slaUpperBound() && !stop.requested()) {
            Probe p = probe(v, group, seen);
            if (p == null) {
                break;
            }
            double score = score(p, goal);
            values.add(v);
            if (score > bestScore) {
                bestScore = score;
                best = v;
                v = snap(v * 2);
            } else {
                break;
            }
        }
        if (Double.isNaN(best)) {
            return new GroupResult(group, null, "no successful probe", seen);
        }
        int at = values.indexOf(best);
        double lo = at > 0 ? values.get(at - 1) : best;
        double hi = at < values.size() - 1 ? values.get(at + 1) : best;
        while (!closeEnough(lo, hi) && !stop.requested()) {
            double m1 = snap(lo + (hi - lo) / 3);
            double m2 = snap(hi - (hi - lo) / 3);
            if (m1 >= m2) {
                break;
            }
            Probe p1 = probe(m1, group, seen);
            Probe p2 = probe(m2, group, seen);
            if (p1 == null || p2 == null) {
                break;
            }
            if (score(p1, goal) >= score(p2, goal)) {
                hi = m2;
            } else {
                lo = m1;
            }
            for (Probe p : List.of(p1, p2)) {
                if (score(p, goal) > bestScore) {
                    bestScore = score(p, goal);
                    best = p.value();
                }
            }
        }
        return new GroupResult(group, best, goal.operator() + " " + goal.metric().name() + " = "
                + String.format(Locale.ROOT, "%.4f", goal.operator().equals("max") ? bestScore : -bestScore), seen);
    }

    private static double score(Probe p, SlaCriteria.Condition goal) {
        double v = p.means().getOrDefault(goal.metric().name(), Double.NaN);
        if (Double.isNaN(v) || !p.allSucceeded()) {
            return Double.NEGATIVE_INFINITY;
        }
        return goal.operator().equals("max") ? v : -v;
    }

    private boolean passes(Probe p, SlaCriteria.Group group) {
        if (!p.allSucceeded()) {
            return false;
        }
        for (SlaCriteria.Condition c : group.conditions()) {
            double v = p.means().getOrDefault(c.metric().name(), Double.NaN);
            if (!Threshold.compare(v, c.operator(), c.limit())) {
                return false;
            }
        }
        return true;
    }

    /** Runs (or recalls) the probe at {@code value}; {@code null} when a stop interrupted it. */
    private Probe probe(double value, SlaCriteria.Group group, List<Probe> seen) throws InterruptedException {
        Probe cached = cache.get(value);
        if (cached == null) {
            cached = runProbe(value);
            if (cached == null) {
                return null;
            }
            cache.put(value, cached);
        }
        Probe withMeans = new Probe(value, cached.runs(), means(cached.runs(), group), cached.allSucceeded());
        seen.add(withMeans);
        console.info(String.format(Locale.ROOT, "SLA probe %s=%s: %s%s", args.slaVariable(), format(value),
                withMeans.means(), group.optimizes() || passes(withMeans, group) ? "" : " (fails)"));
        return withMeans;
    }

    private Probe runProbe(double value) throws InterruptedException {
        int number = requestsPerProbe(value);
        Arguments.Step step = rate
                ? new Arguments.Step(args.slaFixedParallel() != null ? args.slaFixedParallel() : -1, number, value)
                : new Arguments.Step((int) value, number, -1);
        List<StepResult> runs = new ArrayList<>();
        for (int i = 1; i <= args.slaNumRuns(); i++) {
            String folder = "sla_tuning/sla_" + args.slaVariable() + "_" + format(value) + "_run_" + i;
            StepResult r = executor.execute(step, () -> layout.get().dir(folder));
            if (r == null || r.interrupted()) {
                if (r != null) {
                    allRuns.add(r);
                }
                return null;
            }
            runs.add(r);
            allRuns.add(r);
            executor.pause();
        }
        boolean allSucceeded = runs.stream().allMatch(r -> r.summary().totalRequests() > 0
                && r.summary().successRequests() == r.summary().totalRequests());
        return new Probe(value, runs, Map.of(), allSucceeded);
    }

    /** Means over the runs of every figure the criteria read. */
    private Map<String, Double> means(List<StepResult> runs, SlaCriteria.Group group) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (SlaCriteria.Condition c : group.conditions()) {
            double sum = 0;
            for (StepResult r : runs) {
                sum += c.metric().valueOf(r.summary(), r.percentiles());
            }
            means.put(c.metric().name(), sum / runs.size());
        }
        return means;
    }

    /**
     * Requests per probe: the multiplier times the value (evalscope: 2 × value), and at least
     * enough that 5 samples lie beyond the highest percentile the criteria read.
     */
    int requestsPerProbe(double value) {
        int samples = MIN_SAMPLES;
        for (SlaCriteria.Group g : criteria.groups()) {
            for (SlaCriteria.Condition c : g.conditions()) {
                double p = c.metric().percentile();
                if (p > 0 && p < 100) {
                    samples = Math.max(samples, (int) Math.ceil(5 / (1 - p / 100)));
                }
            }
        }
        return Math.max(samples, (int) Math.ceil(value * args.slaNumberMultiplier()));
    }

    private boolean closeEnough(double lo, double hi) {
        return rate ? hi <= lo * (1 + RATE_PRECISION) : hi - lo <= 1;
    }

    private double snap(double v) {
        return rate ? Math.round(v * 1000) / 1000.0 : Math.max(1, Math.round(v));
    }

    private String format(double v) {
        return Arguments.Step.formatRate(v);
    }

    /** The results as a table: criteria, best value, and the figures measured there. */
    static String table(String variable, List<GroupResult> results) {
        GridTable t = new GridTable(List.of("Criteria", "Best " + variable, "Figures at best", "Note"),
                List.of(GridTable.Align.LEFT, GridTable.Align.RIGHT, GridTable.Align.LEFT, GridTable.Align.LEFT));
        for (GroupResult r : results) {
            String figures = r.probes().stream().filter(p -> r.best() != null && p.value() == r.best()).findFirst()
                    .map(p -> p.means().toString()).orElse("-");
            t.row(r.group().toString(), r.best() == null ? "none" : Arguments.Step.formatRate(r.best()), figures,
                    r.note());
        }
        return t.render(GridTable.Style.GRID);
    }

    /** {@code sla_summary.json}'s content. */
    static Map<String, Object> summary(Arguments args, List<GroupResult> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variable", args.slaVariable());
        m.put("lower_bound", args.slaLowerBound());
        m.put("upper_bound", args.slaUpperBound());
        m.put("num_runs", args.slaNumRuns());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupResult r : results) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("criteria", r.group().toString());
            g.put("best", r.best());
            g.put("note", r.note());
            List<Map<String, Object>> probes = new ArrayList<>();
            for (Probe p : r.probes()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("value", p.value());
                pm.put("requests_per_run", p.runs().get(0).summary().plannedRequests());
                pm.put("runs", p.runs().stream().map(s -> s.folder().getParent().getFileName() + "/"
                        + s.folder().getFileName()).toList());
                pm.put("all_succeeded", p.allSucceeded());
                pm.put("means", p.means());
                probes.add(pm);
            }
            g.put("probes", probes);
            groups.add(g);
        }
        m.put("groups", groups);
        return m;
    }
}
