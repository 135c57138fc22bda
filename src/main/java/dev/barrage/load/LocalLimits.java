package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.metrics.RunSummary;
import dev.barrage.transport.ErrorType;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;

/**
 * When Barrage's own machine runs out of file descriptors or local ports, every further request
 * fails for reasons that have nothing to do with the server: the run is stopped (its files are
 * already written) with one line that says which limit was hit and how to raise it.
 */
final class LocalLimits {
    private LocalLimits() {
    }

    static void stopIfExhausted(RunSummary summary, Path dir) {
        Integer fds = summary.failureCauses().get(ErrorType.FD_EXHAUSTED);
        if (fds != null) {
            throw BarrageException.invalidInput(fds + " request(s) failed because Barrage ran out of file descriptors"
                    + openFileLimit() + ": raise the limit (e.g. 'ulimit -n 65536' in the shell that runs barrage) or"
                    + " lower --parallel / --max-in-flight. Results so far are in " + dir + ".");
        }
        Integer ports = summary.failureCauses().get(ErrorType.PORTS_EXHAUSTED);
        if (ports != null) {
            throw BarrageException.invalidInput(ports + " request(s) failed because no local port was free for a new"
                    + " connection: widen the range (sysctl net.ipv4.ip_local_port_range=\"1024 65535\"), let closed"
                    + " connections be reused (sysctl net.ipv4.tcp_tw_reuse=1), or lower --parallel /"
                    + " --max-in-flight. Results so far are in " + dir + ".");
        }
    }

    /** File descriptors this process may still open; {@code Long.MAX_VALUE} when the JVM cannot tell. */
    static long freeFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return Math.max(0, unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount());
        }
        return Long.MAX_VALUE;
    }

    /** " (limit N)" when the JVM can tell, else "". */
    private static String openFileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return " (limit " + unix.getMaxFileDescriptorCount() + ")";
        }
        return "";
    }
}
