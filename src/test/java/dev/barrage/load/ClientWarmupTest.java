package dev.barrage.load;

import dev.barrage.api.ApiPlugins;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Datasets;
import dev.barrage.transport.EventLoops;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The client warm-up runs the real request path on synthetic traffic and never touches the target. */
class ClientWarmupTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = EventLoops.newGroup(2, "barrage-io-warmup-test");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A target that counts every connection made to it. */
    private static final class CountingTarget implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();
        final Thread acceptor;

        CountingTarget() throws Exception {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(100);
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        socket.accept().close();
                        accepted.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep listening
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void warmsTheRunsApiOnSyntheticTrafficWithinItsBudget() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            Arguments args = Arguments.builder().url(target.url("/v1/chat/completions")).model("m").build();
            Dataset dataset = Datasets.load(args);
            ClientWarmup.Report r = ClientWarmup.warm(args, ApiPlugins.find("openai"), null, "/v1/chat/completions",
                    dataset, group, new StopSignal());
            assertThat(r.status()).isEqualTo("done");
            assertThat(r.api()).isEqualTo("openai");
            assertThat(r.rounds()).isGreaterThanOrEqualTo(1);
            assertThat(r.requests()).isGreaterThan(0);
            // every reply: the role chunk, 16 tokens, usage and [DONE]
            assertThat(r.events()).isEqualTo(r.requests() * 19);
            assertThat(r.connections()).isGreaterThanOrEqualTo(ClientWarmup.PARALLEL);
            assertThat(r.seconds()).isLessThan((ClientWarmup.BUDGET_MILLIS + ClientWarmup.SETTLE_MILLIS) / 1000.0 + 15);
            assertThat(r.note()).isNull();
            assertThat(r.toMap()).containsEntry("target_contacted", false).containsKey("jit_compile_ms");
            Thread.sleep(200);
            assertThat(target.accepted.get()).as("the target was never contacted").isZero();
        }
    }

    @Test
    void anApiTheSimulatorCannotSpeakIsWarmedThroughOpenAisPathAndSaysSo() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            Arguments args = Arguments.builder().api("tgi").url(target.url("/generate_stream")).model("m").build();
            ClientWarmup.Report r = ClientWarmup.warm(args, ApiPlugins.find("tgi"), null, "/generate_stream",
                    Datasets.load(args), group, new StopSignal());
            assertThat(r.status()).isEqualTo("done");
            assertThat(r.api()).isEqualTo("openai");
            assertThat(r.note()).contains("--api tgi").contains("event parser stays cold");
            assertThat(r.requests()).isGreaterThan(0);
            assertThat(target.accepted.get()).isZero();
        }
    }

    @Test
    void theFlagTurnsItOff() {
        Arguments args = Arguments.builder().url("http://127.0.0.1:9/v1/chat/completions").model("m")
                .noClientWarmup(true).build();
        ClientWarmup.Report r = ClientWarmup.runOnce(args, ApiPlugins.find("openai"), null, "/v1/chat/completions",
                Datasets.load(args), group, new StopSignal());
        assertThat(r.status()).isEqualTo("off");
        assertThat(r.line()).isNull();
        assertThat(r.toMap()).containsEntry("status", "off").containsEntry("note", "--no-client-warmup");
    }
}
