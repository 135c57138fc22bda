package dev.barrage.metrics.views;

import dev.barrage.metrics.RequestRecord;

import java.util.List;

/**
 * The points in time every view starts from, taken from one record. A tool stamps the events it
 * parses; Barrage keeps the arrival of every token event (content, reasoning or tool-call text),
 * the first response byte and the end of the body. Events Barrage does not keep (the chat role
 * chunk, a content-free finish chunk, the usage chunk) are where the views approximate: see
 * {@code docs/metrics.md}, "Metric views".
 */
final class Timing {
    static final double NANOS_PER_MS = 1e6;
    static final double NANOS_PER_S = 1e9;

    private Timing() {
    }

    /** The records a view sees: all but the ones the user interrupted. */
    static List<RequestRecord> measured(List<RequestRecord> records) {
        return records.stream().filter(r -> !r.interrupted()).toList();
    }

    /**
     * The arrival of each response event that carries output: the token events of a stream; for
     * a non-streamed success, the whole body, at its end. Empty for a stream without a token.
     */
    static long[] events(RequestRecord r) {
        if (r.stream()) {
            return r.tokenNanos();
        }
        return r.success() ? new long[] {r.endNanos()} : new long[0];
    }

    /** Milliseconds between two nanoTime stamps. */
    static double ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / NANOS_PER_MS;
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / NANOS_PER_S;
    }

    /**
     * When the benchmark started, for tools that time their whole run from just before the first
     * dispatch (vLLM, SGLang, GuideLLM): the earliest intended send (the schedule's or the slot's
     * start), else the earliest send.
     */
    static long benchmarkStartNanos(List<RequestRecord> records) {
        long start = Long.MAX_VALUE;
        for (RequestRecord r : records) {
            long intended = r.intendedSendNanos() > 0 ? Math.min(r.intendedSendNanos(), r.sendNanos()) : r.sendNanos();
            start = Math.min(start, intended);
        }
        return start;
    }

    /** When the last request of any outcome ended: those tools stop their clock when every task is done. */
    static long lastEndNanos(List<RequestRecord> records) {
        long end = Long.MIN_VALUE;
        for (RequestRecord r : records) {
            end = Math.max(end, r.endNanos());
        }
        return end;
    }

    /** Seconds from the benchmark's start to its last end; 0 without records. */
    static double wholeRunSeconds(List<RequestRecord> records) {
        return records.isEmpty() ? 0 : Math.max(0, seconds(benchmarkStartNanos(records), lastEndNanos(records)));
    }

    /** Gaps between consecutive events, in ms, into {@code into}. */
    static void addGapsMs(long[] events, Samples into) {
        for (int i = 1; i < events.length; i++) {
            into.add(ms(events[i - 1], events[i]));
        }
    }

    /** Prompt tokens, 0 when unknown (the tools add what they have). */
    static int promptTokens(RequestRecord r) {
        return Math.max(0, r.promptTokens());
    }

    /** Output tokens as Barrage reports them (server usage, else client tokenizer, else token events); 0 when unknown. */
    static int outputTokens(RequestRecord r) {
        return Math.max(0, r.completionTokens());
    }

    static double perSecond(double amount, double seconds) {
        return seconds > 0 ? amount / seconds : 0;
    }
}
