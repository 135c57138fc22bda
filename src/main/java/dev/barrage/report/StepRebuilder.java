package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.metrics.RunSummary;
import dev.barrage.store.ResultReader;
import dev.barrage.store.StepFolder;

import java.util.List;

/**
 * Rebuilds one run from its step folder's {@code benchmark_data.db} alone: the rows become
 * {@link RequestRecord}s again and go through the same {@link RunAccumulator} as during the run,
 * so the summary and percentiles come out identical to the ones {@code perf} wrote (see
 * {@link ResultReader} for the precision argument). Reads only; writes nothing.
 */
public final class StepRebuilder {
    private StepRebuilder() {
    }

    public static RunDetail rebuild(StepFolder folder) {
        List<RequestRecord> records = ResultReader.read(folder.database());
        RunAccumulator accumulator = new RunAccumulator();
        long firstEpoch = Long.MAX_VALUE;
        for (RequestRecord r : records) {
            accumulator.add(r);
            firstEpoch = Math.min(firstEpoch, r.startEpochMillis());
        }
        RunSummary summary = accumulator.summary(folder.parallel(), folder.rate(), folder.number());
        PercentileTable percentiles = accumulator.percentiles();
        boolean interrupted = records.size() < folder.number() || summary.interruptedRequests() > 0;
        StepResult result = new StepResult(new Arguments.Step(folder.parallel(), folder.number()), summary,
                percentiles, folder.dir(), interrupted);
        return new RunDetail(result,
                Distribution.of(accumulator.sortedSamples(PercentileTable.TTFT)),
                Distribution.of(accumulator.sortedSamples(PercentileTable.ITL)),
                Timeline.of(records),
                firstEpoch == Long.MAX_VALUE ? 0 : firstEpoch);
    }
}
