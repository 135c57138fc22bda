package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.cli.SimCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimCommandTest {

    private static SimConfig parse(String... args) {
        SimCommand command = new SimCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }

    private static String invalid(String... args) {
        BarrageException e = org.assertj.core.api.Assertions.catchThrowableOfType(BarrageException.class,
                () -> parse(args));
        assertThat(e).as("expected an invalid-input error for %s", String.join(" ", args)).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        return e.getMessage();
    }

    @Test
    void noOptionsGiveTheBuilderDefaults() {
        assertThat(parse()).isEqualTo(SimConfig.builder().build());
    }

    @Test
    void everyOptionReachesTheConfig() {
        SimConfig config = parse("--host", "0.0.0.0", "--port", "9000", "--model", "m", "--ttft-ms", "100",
                "--prefill-us-per-token", "0", "--itl-ms", "12.5", "--itl-growth", "0", "--jitter", "0.2",
                "--max-batch", "256", "--reasoning-tokens", "8", "--seed", "7", "--output-len", "64:128",
                "--close-after-response", "--io-threads", "1");
        assertThat(config).isEqualTo(new SimConfig("0.0.0.0", 9000, "m", 100, 0, 12.5, 0, 0.2, 256, 8, 7, 64, 128,
                true, 1));
    }

    @Test
    void faultAndFreezeOptionsReachTheConfig() {
        SimConfig config = parse("--fault", "status=429@10%", "--fault", "cut=3", "--stall-at", "5", "--stall-for",
                "2.5", "--retry-after", "4", "--stamp-events");
        assertThat(config.faults()).extracting(Fault::spec).containsExactly("status=429@10%", "cut=3");
        assertThat(config.stallAtS()).isEqualTo(5);
        assertThat(config.stallForS()).isEqualTo(2.5);
        assertThat(config.retryAfterS()).isEqualTo(4);
        assertThat(config.stampEvents()).isTrue();
        assertThat(config.earlyRoleChunk()).isFalse();
        assertThat(parse("--early-role-chunk").earlyRoleChunk()).isTrue();
        assertThat(invalid("--fault", "status=99")).isEqualTo("Invalid value 'status=99' for option '--fault':"
                + " 'status' takes an HTTP status from 400 to 599.");
        assertThat(invalid("--stall-for", "-1")).isEqualTo("Invalid value '-1' for option '--stall-for': should be >= 0.");
    }

    @Test
    void outputLenWithOneNumberIsAFixedLength() {
        SimConfig config = parse("--output-len", "64");
        assertThat(config.outputMinTokens()).isEqualTo(64);
        assertThat(config.outputMaxTokens()).isEqualTo(64);
    }

    @Test
    void badValuesNameTheOptionQuoteTheValueAndGiveTheRule() {
        assertThat(invalid("--itl-ms", "-1")).isEqualTo("Invalid value '-1' for option '--itl-ms': should be >= 0.");
        assertThat(invalid("--ttft-ms", "fast"))
                .isEqualTo("Invalid value 'fast' for option '--ttft-ms': should be a number.");
        assertThat(invalid("--max-batch", "0"))
                .isEqualTo("Invalid value '0' for option '--max-batch': should be >= 1.");
        assertThat(invalid("--max-batch", "2.5"))
                .isEqualTo("Invalid value '2.5' for option '--max-batch': should be a whole number.");
        assertThat(invalid("--port", "99999"))
                .isEqualTo("Invalid value '99999' for option '--port': should be between 0 and 65535.");
        assertThat(invalid("--jitter", "2")).isEqualTo("Invalid value '2' for option '--jitter': should be <= 1.");
        assertThat(invalid("--output-len", "0:5"))
                .isEqualTo("Invalid value '0:5' for option '--output-len': MIN should be >= 1.");
        assertThat(invalid("--output-len", "50:10"))
                .isEqualTo("Invalid value '50:10' for option '--output-len': MAX should be >= MIN.");
        assertThat(invalid("--output-len", "a:b"))
                .startsWith("Invalid value 'a:b' for option '--output-len': expected");
        assertThat(invalid("--model", "")).isEqualTo("Invalid value '' for option '--model': should not be empty.");
    }

    @Test
    void helpShowsEveryOptionWithItsDefault() {
        String help = new CommandLine(new SimCommand()).getUsageMessage().replaceAll("\\s+", " ");
        for (String option : new String[] {"--host", "--port", "--model", "--ttft-ms", "--prefill-us-per-token",
                "--itl-ms", "--itl-growth", "--jitter", "--max-batch", "--reasoning-tokens", "--seed", "--output-len",
                "--close-after-response", "--io-threads"}) {
            assertThat(help).contains(option);
        }
        assertThat(help).contains("(default: 8801)").contains("(default: 16:256)").contains("(default: 0.01)")
                .contains("(default: barrage-sim)").contains("(default: 50)");
    }

    @Test
    void statusLineIsQuietWhenIdle() {
        SimStats idle = new SimStats(10, 10, 0, 0, 500, 0);
        assertThat(SimCommand.statusLine(idle, idle, 5)).isNull();
        SimStats busy = new SimStats(1300, 1234, 32, 96, 12_500, 0);
        assertThat(SimCommand.statusLine(idle, busy, 5))
                .isEqualTo("sim: 32 decoding, 96 queued, 2400 tok/s, 1234 requests done");
    }

    @Test
    void runsUntilInterruptedThenClosesAndReturnsZero() throws Exception {
        StringWriter output = new StringWriter();
        CommandLine cli = new CommandLine(new SimCommand());
        cli.setOut(new PrintWriter(output, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exitCode.set(cli.execute("--port", "0", "--io-threads", "1")));
        runner.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!output.toString().contains("listening") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(output.toString()).matches(
                "barrage sim listening on http://127\\.0\\.0\\.1:\\d+ "
                        + "\\(model barrage-sim, ttft 50 ms, itl 10 ms, max batch 32\\)\\R");
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
    }

    @Test
    void aPortInUseSurfacesAsTheUserError() {
        try (SimServer busy = SimServer.start(SimTesting.fastConfig().build())) {
            SimCommand command = new SimCommand();
            new CommandLine(command).parseArgs("--port", Integer.toString(busy.port()));
            assertThatThrownBy(command::call).isInstanceOf(BarrageException.class)
                    .hasMessageContaining("already in use");
        }
    }
}
