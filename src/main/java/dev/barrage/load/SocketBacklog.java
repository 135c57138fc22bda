package dev.barrage.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many bytes the kernel holds for Barrage's connections that Barrage has not read yet: the
 * sum of {@code rx_queue} in {@code /proc/net/tcp} and {@code tcp6} over established sockets
 * whose remote port is the server's. A growing backlog means the client reads slower than the
 * server sends — its timestamps then trail the real arrivals. Linux only; on other systems
 * {@link #available()} is false.
 *
 * <p>Reading those tables costs the kernel a line per socket of the machine (tens of ms with
 * thousands of connections), so it is done rarely and only when it can matter: every
 * {@value #PERIOD_MILLIS} ms, and only if an I/O thread was late by at least
 * {@value #LAG_WORTH_A_LOOK_MICROS} µs meanwhile. A loop that keeps up reads every socket as soon
 * as epoll reports it, so no backlog can build up unseen.
 */
final class SocketBacklog {
    private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
    private static final long PERIOD_MILLIS = 5000;
    static final long LAG_WORTH_A_LOOK_MICROS = 2000;

    private final byte[] remotePortHex;
    private final AtomicLong max = new AtomicLong();
    private volatile boolean running;
    private Thread sampler;
    private LongSupplier recentLagMicros;

    SocketBacklog(int remotePort) {
        this.remotePortHex = String.format(Locale.ROOT, "%04X", remotePort).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    boolean available() {
        return Files.isReadable(TABLES[0]);
    }

    /** @param recentLagMicros the worst event-loop lag since it was last asked */
    void start(LongSupplier recentLagMicros) {
        this.recentLagMicros = recentLagMicros;
        if (!available()) {
            return;
        }
        running = true;
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                sampleIfLagging();
            }
        }, "barrage-backlog");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stop() {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
            sampleIfLagging();
        }
    }

    private void sampleIfLagging() {
        if (recentLagMicros.getAsLong() >= LAG_WORTH_A_LOOK_MICROS) {
            max.accumulateAndGet(sample(), Math::max);
        }
    }

    long maxBytes() {
        return max.get();
    }

    /** Bytes waiting to be read on established connections to the remote port. */
    long sample() {
        long total = 0;
        for (Path table : TABLES) {
            try {
                total += sum(Files.readAllBytes(table));
            } catch (IOException e) {
                // the table vanished (no IPv6): nothing to add
            }
        }
        return total;
    }

    /*
     * Each line after the header: "sl local_address rem_address st tx_queue:rx_queue ...", the
     * addresses HEXIP:HEXPORT, st "01" for established. Scanned as bytes: no strings, no regex.
     */
    long sum(byte[] table) {
        long total = 0;
        int[] field = new int[5];
        int i = skipLine(table, 0);
        while (i < table.length) {
            int lineEnd = skipLine(table, i);
            int n = fields(table, i, lineEnd, field);
            if (n == 5 && isOurs(table, field[2], field[3]) && table[field[3]] == '0' && table[field[3] + 1] == '1') {
                total += rxQueue(table, field[4], lineEnd);
            }
            i = lineEnd;
        }
        return total;
    }

    private static int skipLine(byte[] t, int i) {
        while (i < t.length && t[i] != '\n') {
            i++;
        }
        return Math.min(t.length, i + 1);
    }

    /** Start offsets of the first {@code starts.length} space-separated fields; returns how many were found. */
    private static int fields(byte[] t, int from, int to, int[] starts) {
        int n = 0;
        int i = from;
        while (n < starts.length) {
            while (i < to && t[i] == ' ') {
                i++;
            }
            if (i >= to || t[i] == '\n') {
                break;
            }
            starts[n++] = i;
            while (i < to && t[i] != ' ' && t[i] != '\n') {
                i++;
            }
        }
        return n;
    }

    /** True when the remote address field (ending right before the state field's spaces) ends in our port. */
    private boolean isOurs(byte[] t, int remoteStart, int stateStart) {
        int end = remoteStart;
        while (end < stateStart && t[end] != ' ') {
            end++;
        }
        int port = end - remotePortHex.length;
        if (port <= remoteStart || t[port - 1] != ':') {
            return false;
        }
        for (int k = 0; k < remotePortHex.length; k++) {
            if (t[port + k] != remotePortHex[k]) {
                return false;
            }
        }
        return true;
    }

    private static long rxQueue(byte[] t, int queuesStart, int lineEnd) {
        int i = queuesStart;
        while (i < lineEnd && t[i] != ':') {
            i++;
        }
        long v = 0;
        for (i++; i < lineEnd; i++) {
            int d = Character.digit(t[i], 16);
            if (d < 0) {
                break;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
