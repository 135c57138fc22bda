package dev.barrage;

import java.util.Locale;

/** Sizes in messages, in decimal units as {@code df -H} and file managers show them: 850 KB, 16.0 MB, 2.1 GB. */
public final class ByteSize {
    private ByteSize() {
    }

    public static String format(long bytes) {
        if (bytes < 1_000_000) {
            return bytes < 1_000 ? bytes + " B" : bytes / 1_000 + " KB";
        }
        return bytes < 1_000_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
