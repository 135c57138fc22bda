package dev.barrage.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;

import java.io.IOException;
import java.io.PushbackReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dataset file of JSON records, either a JSON array ({@code [{...}, {...}]}, as
 * LongAlpaca and ShareGPT ship) or JSON lines, and turns each record into a prompt. A record the
 * converter rejects, text that is not JSON, or a line longer than {@link HeapBudget#maxLineChars()}
 * stops loading with the file and line named.
 *
 * <p>Both forms are read as a stream: given a {@link Sink}, reading stops as soon as it has the
 * prompts it needs, so a file of gigabytes costs only what is used. Without one the whole file is
 * read into a list, after {@link HeapBudget#requireFits} said it fits.
 */
final class JsonRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Turns one record into a prompt; {@code null} skips it; throws IllegalArgumentException on bad input. */
    @FunctionalInterface
    interface Converter {
        Prompt convert(JsonNode record);
    }

    /** Turns one line into a prompt (text lines allowed); throws on bad input. */
    @FunctionalInterface
    interface LineConverter {
        Prompt convert(String line) throws JsonProcessingException;
    }

    /** Takes the prompts as they are read; {@code false} stops reading. */
    @FunctionalInterface
    interface Sink {
        boolean offer(Prompt prompt);
    }

    private JsonRecords() {
    }

    /** Every record of the file, array or lines. */
    static List<Prompt> read(Path file, Converter converter) {
        HeapBudget.requireFits(file);
        List<Prompt> prompts = new ArrayList<>();
        read(file, converter, prompts::add);
        return prompts;
    }

    /** The records of the file, array or lines, until {@code sink} has enough. */
    static void read(Path file, Converter converter, Sink sink) {
        try (PushbackReader in = new PushbackReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            int first = in.read();
            while (first != -1 && Character.isWhitespace(first)) {
                first = in.read();
            }
            if (first == -1) {
                throw BarrageException.invalidInput("The dataset file '" + file + "' (--dataset-path) is empty.");
            }
            in.unread(first);
            if (first == '[') {
                readArray(file, in, converter, sink);
                return;
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        readLines(file, line -> converter.convert(JSON.readTree(line)), sink);
    }

    private static void readArray(Path file, PushbackReader in, Converter converter, Sink sink) throws IOException {
        JsonParser p = JSON.createParser(in);
        long line = 1;
        try {
            p.nextToken();
            for (int entry = 1; p.nextToken() != JsonToken.END_ARRAY; entry++) {
                line = p.currentLocation().getLineNr();
                if (p.currentToken() == null) {
                    throw DatasetContext.malformed(file, line, "the JSON array ends without its ']'");
                }
                JsonNode record = JSON.readTree(p);
                if (!offer(sink, converted(converter, record, file, line, "entry " + entry + ": "))) {
                    return;
                }
            }
        } catch (JsonProcessingException e) {
            throw DatasetContext.malformed(file, e.getLocation() != null ? e.getLocation().getLineNr() : line,
                    e.getOriginalMessage());
        }
    }

    /** Every line of the file. */
    static List<Prompt> readLines(Path file, LineConverter converter) {
        HeapBudget.requireFits(file);
        List<Prompt> prompts = new ArrayList<>();
        readLines(file, converter, prompts::add);
        return prompts;
    }

    /** The lines of the file until {@code sink} has enough. */
    static void readLines(Path file, LineConverter converter, Sink sink) {
        long lineNo = 0;
        try (LineReader r = new LineReader(Files.newBufferedReader(file, StandardCharsets.UTF_8),
                HeapBudget.maxLineChars())) {
            for (String line = r.next(); line != null; line = r.next()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (!offer(sink, converter.convert(line.strip()))) {
                        return;
                    }
                } catch (JsonProcessingException e) {
                    throw DatasetContext.malformed(file, lineNo, e.getOriginalMessage());
                } catch (IllegalArgumentException e) {
                    throw DatasetContext.malformed(file, lineNo, e.getMessage());
                }
            }
        } catch (LineReader.TooLongException e) {
            throw DatasetContext.malformed(file, lineNo + 1, e.getMessage() + ": not a dataset line (a binary"
                    + " file, or text without line breaks?)");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static boolean offer(Sink sink, Prompt prompt) {
        return prompt == null || sink.offer(prompt);
    }

    private static Prompt converted(Converter converter, JsonNode record, Path file, long line, String where) {
        try {
            return converter.convert(record);
        } catch (IllegalArgumentException e) {
            throw DatasetContext.malformed(file, line, where + e.getMessage());
        }
    }

    private static BarrageException unreadable(Path file, IOException e) {
        String why = e instanceof java.nio.charset.MalformedInputException ? "not UTF-8 text" : e.getMessage();
        return BarrageException.invalidInput("Cannot read '" + file + "' given to '--dataset-path': " + why + ".");
    }

    /** The non-blank string field {@code name} of {@code record}, or an explanation. */
    static String text(JsonNode record, String name) {
        JsonNode v = record == null ? null : record.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("expected a JSON object with a non-empty \"" + name + "\" string");
        }
        return v.asText();
    }
}
