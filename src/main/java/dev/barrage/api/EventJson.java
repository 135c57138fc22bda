package dev.barrage.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

import java.io.IOException;

/**
 * The JSON parser of one I/O thread, reused for every event it reads instead of a parser (with
 * its context, buffers and symbol-table child) created and closed per event. It is Jackson's
 * non-blocking parser, fed one event's data at a time: after an event's root value it waits for
 * more input, and the next event continues it.
 *
 * <p>Use: {@link #open}, read the event's value, then {@link #close}; on an exception,
 * {@link #discard}. An event that is not one whole JSON value (cut off, or invalid) leaves the
 * parser in a state nobody can trust, so it is dropped and the thread's next event gets a fresh
 * one. What follows an event's root value is read past and ignored, as the blocking parser
 * ignored it.
 *
 * <p>Thread-confined: one parser per thread, and the data array must stay unchanged from
 * {@code open} to {@code close} (the SSE decoder reuses it only for the next event).
 */
final class EventJson {
    private static final JsonFactory FACTORY = ApiBodies.JSON.getFactory();
    private static final ThreadLocal<EventJson> PER_THREAD = ThreadLocal.withInitial(EventJson::new);
    /** What {@link #close} says of an event whose JSON was cut off. */
    static final String CUT_OFF = "malformed JSON in an event: it ends inside its JSON value";

    private JsonParser parser;
    /** The event being read: its bytes, and where they start in the parser's running offset. */
    private byte[] data;
    private int length;
    private long startOffset;

    private EventJson() {
    }

    /** The calling thread's parser, fed with one event's data, before its first token. */
    static JsonParser open(byte[] data, int length) throws IOException {
        EventJson holder = PER_THREAD.get();
        JsonParser p = holder.parser;
        if (p == null) {
            p = FACTORY.createNonBlockingByteArrayParser();
            holder.parser = p;
        }
        ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(data, 0, length);
        holder.data = data;
        holder.length = length;
        holder.startOffset = p.currentLocation().getByteOffset();
        return p;
    }

    /**
     * Ends the event read from {@code p}.
     *
     * @return {@code null} when the event held one whole JSON value (anything after it is
     *         ignored), else what was wrong; the parser is then dropped
     */
    static String close(JsonParser p) {
        EventJson holder = PER_THREAD.get();
        if (!p.getParsingContext().inRoot() || p.currentToken() == JsonToken.NOT_AVAILABLE) {
            discard();
            return CUT_OFF;
        }
        // the bytes after the value: whitespace is read past; anything else is ignored, with a
        // fresh parser next time (a partial token would otherwise swallow the next event)
        int next = (int) (p.currentLocation().getByteOffset() - holder.startOffset);
        for (int i = Math.max(0, next); i < holder.length; i++) {
            byte b = holder.data[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                discard();
                return null;
            }
        }
        try {
            if (p.nextToken() != JsonToken.NOT_AVAILABLE) {
                discard();
            }
        } catch (IOException e) {
            discard();
        }
        return null;
    }

    /** After an exception the parser's state is unknown: the next event gets a fresh one. */
    static void discard() {
        EventJson holder = PER_THREAD.get();
        holder.parser = null;
        holder.data = null;
    }
}
