package dev.barrage.load;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.config.Secrets;
import dev.barrage.dataset.Dataset;
import dev.barrage.store.FreeSpace;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.DeliveryLagProbe;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpTarget;
import dev.barrage.transport.Redactor;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Carries out single runs for a sweep or an SLA search: the outputs folder's free space, the
 * connection test (unless disabled),
 * a fresh connection pool, then {@link StepRunner}. The run's folder is asked for only after the
 * connection test passed.
 */
final class RunExecutor {
    private final StepRunner.Context ctx;
    private final HttpTarget target;
    private final ClientOptions options;
    private final RunMeta meta;
    /** Scrubs the run's credentials from what is stored: built once, applied once per row. */
    private final Redactor redactor;
    /** Prompts the sweep's earlier runs used (warm-up included): generated datasets continue from here. */
    private long promptsUsed;

    RunExecutor(StepRunner.Context ctx, HttpTarget target, ClientOptions options, RunMeta meta) {
        this.ctx = ctx;
        this.target = target;
        this.options = options;
        this.meta = meta;
        this.redactor = Redactor.of(options, Secrets.of(ctx.args()));
    }

    /** @return the run's result, or {@code null} when a stop was requested before it started */
    StepResult execute(Arguments.Step step, Supplier<Path> folder) throws InterruptedException {
        FreeSpace.checkBeforeRun(ctx.args().outputsDir());
        String tight = FreeSpace.warning(ctx.args().outputsDir(), step.number(), ctx.args().effectiveMaxTokens(),
                ctx.args().stream());
        if (tight != null) {
            ctx.console().warn(tight);
        }
        if (!ctx.args().noTestConnection()) {
            try (HttpClient probe = new HttpClient(ctx.ioGroup(), target, ConnectionTest.options(options), ctx.adapter())) {
                meta.recordFirstResponse(ConnectionTest.run(probe, ctx.adapter(), ctx.stop(), ctx.console()));
            }
        }
        Path dir = folder.get();
        if (ctx.stop().requested()) {
            return null;
        }
        DeliveryLagProbe probe = ctx.adapter() instanceof DeliveryLagProbe p ? p : null;
        try (HttpClient client = new HttpClient(ctx.ioGroup(), target, options, ctx.adapter())) {
            Dataset prompts = ctx.dataset().forRun(promptsUsed);
            promptsUsed += step.number() + ctx.args().warmupCount(step.number());
            // opened before the clock starts, so the first wave is written at once on open connections;
            // never more than half the free descriptors: the run's files and database need some too
            int preconnected = ctx.args().noPreconnect() ? 0 : client.preconnect((int) Math.min(
                    LoadPlan.of(ctx.args(), step, ctx.seed()).connectionsToOpen(),
                    Math.max(0, LocalLimits.freeFileDescriptors() / 2 - 16)));
            if (probe != null) {
                probe.startStep();
            }
            StepResult result = new StepRunner(ctx, client, preconnected, redactor).run(step, dir, meta::recordFirstResponse, prompts);
            if (probe != null) {
                ctx.console().info(probe.report());
            }
            return result;
        }
    }

    /** Waits --sleep-interval between runs (returns early on a stop request). */
    void pause() throws InterruptedException {
        double seconds = ctx.args().sleepInterval();
        if (seconds > 0 && !ctx.stop().requested()) {
            ctx.stop().await(Math.round(seconds * 1e9));
        }
    }
}
