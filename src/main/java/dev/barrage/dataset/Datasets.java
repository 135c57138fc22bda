package dev.barrage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the prompt source a run asks for, before any request is sent. Every problem with a file
 * (missing, unreadable, malformed line N, empty) becomes one {@link BarrageException} with exit
 * code 2 naming the file, the line and the flag.
 *
 * <p>Precedence as in evalscope: {@code --prompt} beats {@code --dataset}; with neither, the
 * small built-in prompt set is used, so no run needs a file or a download.
 */
public final class Datasets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILTIN_RESOURCE = "builtin_prompts.txt";

    private Datasets() {
    }

    public static Dataset load(Arguments args) {
        if (args.prompt() != null) {
            return new Dataset("prompt", List.of(Prompt.ofText(readPromptOption(args.prompt()))));
        }
        if (args.dataset() == null) {
            return builtin();
        }
        Path path = Path.of(args.datasetPath());
        return switch (args.dataset()) {
            case "openqa" -> new Dataset("openqa", readLines(path, Datasets::openQaLine));
            case "line_by_line" -> new Dataset("line_by_line", readLines(path, Datasets::lineByLineLine));
            default -> throw BarrageException.invalidInput("Invalid value '" + args.dataset()
                    + "' for option '--dataset': not supported by this version.");
        };
    }

    /** The built-in prompts: short, varied questions shipped inside the jar. */
    public static Dataset builtin() {
        try (InputStream in = Datasets.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILTIN_RESOURCE + " missing from the jar");
            }
            List<Prompt> prompts = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        prompts.add(Prompt.ofText(line.strip()));
                    }
                }
            }
            return new Dataset("builtin", prompts);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in prompts", e);
        }
    }

    /** {@code --prompt} takes text, or {@code @file} to read the text from a file (as evalscope). */
    public static String readPromptOption(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path path = Path.of(value.substring(1));
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--prompt': no such file.");
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--prompt': " + e.getMessage() + ".");
        }
    }

    @FunctionalInterface
    private interface LineParser {
        /** Returns the prompt of one non-blank line, or throws a message-bearing exception. */
        Prompt parse(String line) throws JsonProcessingException;
    }

    private static List<Prompt> readLines(Path path, LineParser parser) {
        List<Prompt> prompts = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    prompts.add(parser.parse(line.strip()));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                    throw BarrageException.invalidInput("Malformed line " + lineNo + " of '" + path
                            + "' (--dataset-path): " + why + ".");
                }
            }
        } catch (NoSuchFileException e) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--dataset-path': no such file.");
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--dataset-path': "
                    + e.getMessage() + ".");
        }
        if (prompts.isEmpty()) {
            throw BarrageException.invalidInput("The dataset file '" + path + "' (--dataset-path) has no prompts.");
        }
        return prompts;
    }

    /** openqa: JSON lines with a "question" string (HC3-Chinese's open_qa.jsonl). */
    private static Prompt openQaLine(String line) throws JsonProcessingException {
        JsonNode node = JSON.readTree(line);
        JsonNode question = node.get("question");
        if (question == null || !question.isTextual() || question.asText().isBlank()) {
            throw new IllegalArgumentException("expected a JSON object with a non-empty \"question\" string");
        }
        return Prompt.ofText(question.asText());
    }

    /**
     * line_by_line: a JSON array is a chat messages list, a JSON object is a full request body,
     * anything else is the prompt text itself.
     */
    private static Prompt lineByLineLine(String line) throws JsonProcessingException {
        if (line.startsWith("[")) {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ArrayNode messages && !messages.isEmpty()) {
                return Prompt.ofMessages(messages);
            }
            throw new IllegalArgumentException("a line starting with '[' must be a non-empty JSON messages array");
        }
        if (line.startsWith("{")) {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ObjectNode body) {
                return Prompt.ofBody(body);
            }
        }
        return Prompt.ofText(line);
    }
}
