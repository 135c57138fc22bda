package dev.barrage;

/**
 * A failure the user can act on: its message is printed as one line ({@code barrage: error: ...})
 * and it carries the exit code. Anything else that escapes a command is an internal error.
 */
public final class BarrageException extends RuntimeException {
    private final ExitCode exitCode;

    public BarrageException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public BarrageException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static BarrageException invalidInput(String message) {
        return new BarrageException(ExitCode.INVALID_INPUT, message);
    }

    public static BarrageException unreachable(String message) {
        return new BarrageException(ExitCode.UNREACHABLE, message);
    }

    public static BarrageException internal(String message, Throwable cause) {
        return new BarrageException(ExitCode.INTERNAL_ERROR, message, cause);
    }
}
