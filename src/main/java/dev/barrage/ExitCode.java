package dev.barrage;

/**
 * The process exit codes, one table for every command. Only {@link Main} calls {@code System.exit}.
 *
 * <p>Failed requests and warnings never change the exit code: they are results, reported in the
 * summary. The code says whether the benchmark itself could be carried out.
 */
public enum ExitCode {
    /** The benchmark ran; its results (including any failed requests) are written. */
    OK(0),
    /** A user-set threshold failed ({@code --threshold}). */
    THRESHOLD_FAILED(1),
    /** Invalid flags, config file or dataset: nothing was sent. */
    INVALID_INPUT(2),
    /** The target could not be reached, or the connection test failed. */
    UNREACHABLE(3),
    /** A bug in Barrage or an unexpected environment failure. */
    INTERNAL_ERROR(4),
    /**
     * The results could not be written (disk full or I/O error); what was written before the fault
     * is kept. Sending stops at the fault, as on Ctrl-C.
     */
    OUTPUT_FAILED(5),
    /** Interrupted by Ctrl-C or SIGTERM; everything measured so far is written. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
