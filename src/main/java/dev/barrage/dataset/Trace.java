package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;

import java.util.List;

/**
 * The timeline of a replayed workload trace ({@code --dataset workload_trace}): for each record,
 * in time order, its offset from the first record, its own request headers and its request id.
 * The bodies are the {@link Dataset}'s prompts, in the same order. Immutable and thread-safe; the
 * header arrays are shared with every request that sends them and must not be changed.
 *
 * <p>Offsets are stored as recorded (nanoseconds after the trace's first record) and divided by
 * {@code speed} when read: record {@code i} is due {@link #offsetNanos} after the run's start.
 * Absent headers and ids are {@code null}, and so is a whole array when no record has any, so a
 * trace without them costs nothing per request.
 */
public final class Trace {
    private final long[] recordedNanos;
    private final String[][] headers;
    private final String[] requestIds;
    private final double speed;
    private final List<String> models;
    private final List<String> notes;

    /**
     * @param recordedNanos each record's recorded offset from the first record, ns, non-decreasing,
     *                      starting at 0
     * @param headers       per record its headers as name, value, name, value ...; the array or
     *                      any entry may be {@code null}
     * @param requestIds    per record its id; the array or any entry may be {@code null}
     * @param speed         replay speed-up, > 0: offsets are divided by it
     * @param models        the distinct {@code model} values of the bodies as they will be sent
     *                      (after remapping), in order of first appearance
     * @param notes         what the user should know about the file (each a sentence), shown once
     */
    Trace(long[] recordedNanos, String[][] headers, String[] requestIds, double speed, List<String> models,
            List<String> notes) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed (" + speed + ") should be positive");
        }
        this.recordedNanos = recordedNanos;
        this.headers = headers;
        this.requestIds = requestIds;
        this.speed = speed;
        this.models = List.copyOf(models);
        this.notes = List.copyOf(notes);
    }

    /** Records in the trace. */
    public int size() {
        return recordedNanos.length;
    }

    /** The replay speed-up ({@code --dataset-args '{"speed": 2}'}). */
    public double speed() {
        return speed;
    }

    /** When record {@code i} is due, ns after the run's start: its recorded offset divided by the speed. */
    public long offsetNanos(int i) {
        return Math.round(recordedNanos[i] / speed);
    }

    /** Recorded time from record {@code from} to record {@code to}, seconds (before the speed-up). */
    public double recordedSeconds(int from, int to) {
        return (recordedNanos[to] - recordedNanos[from]) / 1e9;
    }

    /** Record {@code i}'s own headers, names and values alternately; {@code null} when it has none. */
    public String[] headers(int i) {
        return headers == null ? null : headers[i];
    }

    /** Record {@code i}'s {@code request_id}; {@code null} when it has none. */
    public String requestId(int i) {
        return requestIds == null ? null : requestIds[i];
    }

    /** The bodies' models as sent, distinct, in order of first appearance (bodies without one are not counted). */
    public List<String> models() {
        return models;
    }

    /** Things about the file worth one line each (records re-ordered, headers ignored, ...). */
    public List<String> notes() {
        return notes;
    }

    /**
     * The measured requests of a run whose {@code --number} is {@code number}, on a trace of
     * {@code size} records: every record is replayed at most once, so the run measures
     * {@code --number} records (all of them without {@code --number}), fewer when the trace, after
     * the warm-up records, has fewer. The warm-up records come first on the timeline.
     *
     * @return at least 1
     * @throws BarrageException when the warm-up would use every record
     */
    public static int measured(Arguments args, int number, int size) {
        int wanted = args.numberGiven() ? number : size;
        int warmup = args.warmupCount(wanted);
        if (warmup >= size) {
            throw BarrageException.invalidInput("Invalid value '" + args.warmupNum() + "' for option"
                    + " '--warmup-num': " + warmup + " warm-up records leave none of the trace's " + size
                    + " records to measure.");
        }
        return Math.min(wanted, size - warmup);
    }
}
