package dev.barrage.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.barrage.BarrageException;
import dev.barrage.ExitCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes JSON result files: pretty-printed, UTF-8, locale-independent, and atomically (a
 * temporary file renamed into place), so an interrupted write never leaves half a file. A full
 * disk or an I/O error is a {@link BarrageException} with exit code 5 naming the file.
 */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    public static void write(Path file, Object value) {
        atomically(file, tmp -> JSON.writeValue(tmp.toFile(), value));
    }

    public static void writeText(Path file, String text) {
        atomically(file, tmp -> Files.writeString(tmp, text));
    }

    private interface Writing {
        void to(Path tmp) throws IOException;
    }

    private static void atomically(Path file, Writing writing) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            writing.to(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            OutputFault fault = OutputFault.of(file.toAbsolutePath().getParent(), e);
            if (fault == null) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            throw new BarrageException(ExitCode.OUTPUT_FAILED, fault.headline() + ": cannot write "
                    + file.getFileName() + ": " + fault.reason() + ". " + fault.advice(), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a stray .tmp file is harmless; the error that matters is the one thrown
        }
    }

    /** One-line JSON (for request bodies and embedded data, where indentation is only bytes). */
    public static String compact(Object value) {
        try {
            return JSON.writer().withoutFeatures(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
