package dev.barrage.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;

import java.io.BufferedReader;
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
 * converter rejects, or text that is not JSON, stops loading with the file and line named.
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

    private JsonRecords() {
    }

    static List<Prompt> read(Path file, Converter converter) {
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
                return readArray(file, in, converter);
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return readLines(file, line -> converter.convert(JSON.readTree(line)));
    }

    private static List<Prompt> readArray(Path file, PushbackReader in, Converter converter) throws IOException {
        List<Prompt> prompts = new ArrayList<>();
        JsonParser p = JSON.createParser(in);
        long line = 1;
        try {
            p.nextToken();
            int entry = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                entry++;
                line = p.currentLocation().getLineNr();
                JsonNode record = JSON.readTree(p);
                add(prompts, converter, record, file, line, "entry " + entry + ": ");
            }
        } catch (JsonProcessingException e) {
            throw DatasetContext.malformed(file, e.getLocation() != null ? e.getLocation().getLineNr() : line,
                    e.getOriginalMessage());
        }
        return prompts;
    }

    static List<Prompt> readLines(Path file, LineConverter converter) {
        List<Prompt> prompts = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Prompt prompt = converter.convert(line.strip());
                    if (prompt != null) {
                        prompts.add(prompt);
                    }
                } catch (JsonProcessingException e) {
                    throw DatasetContext.malformed(file, lineNo, e.getOriginalMessage());
                } catch (IllegalArgumentException e) {
                    throw DatasetContext.malformed(file, lineNo, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return prompts;
    }

    private static void add(List<Prompt> prompts, Converter converter, JsonNode record, Path file, long line,
            String where) {
        try {
            Prompt p = converter.convert(record);
            if (p != null) {
                prompts.add(p);
            }
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
