package dev.barrage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The top command: lists the subcommands. */
@Command(name = "barrage", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Load tester and benchmark for LLM inference servers (OpenAI-compatible APIs).",
        subcommands = {PerfCommand.class, SimCommand.class, ReportCommand.class, DashboardCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with: barrage perf   (benchmarks the built-in simulator; add --url to test your server)"})
public final class BarrageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
