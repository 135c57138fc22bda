package dev.barrage.config;

import dev.barrage.BarrageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the API key comes from; the first one set wins:
 * <ol>
 *   <li>{@code --api-key KEY}: every user of the machine sees it in {@code ps}, so the CLI warns;</li>
 *   <li>{@code --api-key-file FILE}: the file's text, surrounding whitespace (the final newline) removed;</li>
 *   <li>{@code $BARRAGE_API_KEY}, for any API;</li>
 *   <li>the API's own variable: {@code $OPENAI_API_KEY} for the OpenAI APIs, {@code $ANTHROPIC_API_KEY}
 *       for anthropic, {@code $DASHSCOPE_API_KEY} for dashscope.</li>
 * </ol>
 * An empty variable counts as unset. The environment is a parameter so tests can give their own.
 */
public final class ApiKeys {
    public static final String BARRAGE_VARIABLE = "BARRAGE_API_KEY";
    /** A key file bigger than this is not a key file (a dataset given by mistake, say). */
    static final long MAX_FILE_BYTES = 64 * 1024;

    /** The key and where it came from ({@code "--api-key-file /path"}, {@code "$OPENAI_API_KEY"}); both null for none. */
    public record ApiKey(String value, String source) {
        public static final ApiKey NONE = new ApiKey(null, null);
    }

    private ApiKeys() {
    }

    public static ApiKey resolve(String flag, Path file, String api, Map<String, String> env) {
        if (flag != null) {
            return new ApiKey(flag, "--api-key");
        }
        if (file != null) {
            return new ApiKey(read(file), "--api-key-file " + file);
        }
        for (String variable : new String[] {BARRAGE_VARIABLE, variableOf(api)}) {
            String value = variable == null ? null : env.get(variable);
            if (value != null && !value.isBlank()) {
                return new ApiKey(value.strip(), "$" + variable);
            }
        }
        return ApiKey.NONE;
    }

    /** The API's own key variable, as its official clients read it, or {@code null} for APIs without one. */
    public static String variableOf(String api) {
        return switch (api == null ? Defaults.API : api) {
            case "openai", "openai_responses", "openai_embedding", "openai_rerank" -> "OPENAI_API_KEY";
            case "anthropic" -> "ANTHROPIC_API_KEY";
            case "dashscope" -> "DASHSCOPE_API_KEY";
            default -> null;
        };
    }

    private static String read(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw unreadable(file, "it is a folder");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw unreadable(file, "it holds " + size + " bytes, too many for an API key; give the file that holds"
                        + " only the key");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file");
        } catch (AccessDeniedException e) {
            throw unreadable(file, "permission denied");
        } catch (IOException e) {
            throw unreadable(file, String.valueOf(e.getMessage()));
        }
        String key = text.replace("\uFEFF", "").strip();
        if (key.isEmpty()) {
            throw unreadable(file, "it is empty; write the key into it");
        }
        if (key.contains("\n") || key.contains("\r")) {
            throw unreadable(file, "it holds more than one line; it should hold only the key");
        }
        return key;
    }

    private static BarrageException unreadable(Path file, String why) {
        return BarrageException.invalidInput("Cannot use the API key file '" + file + "' (--api-key-file): " + why
                + ". Put the key alone in a file readable only by you (chmod 600), or set $" + BARRAGE_VARIABLE + ".");
    }
}
