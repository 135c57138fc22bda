package dev.barrage.cli;

import dev.barrage.dashboard.DashboardConfig;
import dev.barrage.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code barrage dashboard [outputs-dir] --port 8080 [--host 127.0.0.1]}: serves the dashboard until Ctrl-C. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {"Serve a small web UI on 127.0.0.1 (or --host) listing the runs under an outputs folder,"
                + " each run's report, and a comparison of any two. Reads only what 'barrage perf' wrote. Ctrl-C"
                + " stops it."})
public final class DashboardCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "<outputs-dir>", defaultValue = "./outputs",
            description = "The folder 'barrage perf' wrote to (default: ${DEFAULT-VALUE}).")
    Path outputs;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE};"
            + " 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = DashboardConfig.DEFAULT_HOST, description = "Address or name to listen"
            + " on (default: ${DEFAULT-VALUE}, loopback only). Requests must name localhost, a loopback address or"
            + " this host in their Host header; others are refused (DNS rebinding). 0.0.0.0 listens on every"
            + " interface and also accepts any address as Host.")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw dev.barrage.BarrageException.invalidInput("Invalid value '" + port + "' for option '--port':"
                    + " should be in 0..65535.");
        }
        DashboardServer server = DashboardServer.start(new DashboardConfig(outputs, host, port,
                DashboardConfig.DEFAULT_REQUEST_TIMEOUT));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "barrage-dashboard-stop"));
        System.out.println("Barrage dashboard: " + server.url() + "  (runs under " + outputs.toAbsolutePath().normalize()
                + "; Ctrl-C stops it)");
        stopped.await();
        return 0;
    }
}
