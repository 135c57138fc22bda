package dev.barrage.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples, once a second, how many bytes the kernel holds for Barrage's connections that Barrage
 * has not read yet: the sum of {@code rx_queue} in {@code /proc/net/tcp} and {@code tcp6} over
 * established sockets whose remote port is the server's. A growing backlog means the client reads
 * slower than the server sends — its timestamps then trail the real arrivals. Linux only; on
 * other systems {@link #available()} is false.
 */
final class SocketBacklog {
    private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
    private static final long PERIOD_MILLIS = 1000;

    private final String remotePortHex;
    private final AtomicLong max = new AtomicLong();
    private volatile boolean running;
    private Thread sampler;

    SocketBacklog(int remotePort) {
        this.remotePortHex = String.format("%04X", remotePort);
    }

    boolean available() {
        return Files.isReadable(TABLES[0]);
    }

    void start() {
        if (!available()) {
            return;
        }
        running = true;
        sampler = new Thread(() -> {
            while (running) {
                max.accumulateAndGet(sample(), Math::max);
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "barrage-backlog");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stop() {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
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
            try (BufferedReader r = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                r.readLine();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    total += rxQueueIfOurs(line.trim());
                }
            } catch (IOException e) {
                // the table vanished (no IPv6): nothing to add
            }
        }
        return total;
    }

    /* Fields: sl local_address rem_address st tx_queue:rx_queue ... ; addresses are HEXIP:HEXPORT. */
    private long rxQueueIfOurs(String line) {
        String[] f = line.split("\\s+", 6);
        if (f.length < 5 || !f[3].equals("01") || !f[2].endsWith(":" + remotePortHex)) {
            return 0;
        }
        int colon = f[4].indexOf(':');
        return colon < 0 ? 0 : Long.parseLong(f[4].substring(colon + 1), 16);
    }
}
