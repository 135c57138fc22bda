package dev.barrage.transport;

import dev.barrage.sim.SimServer;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every exchange ends — completed, sent again on a fresh connection, or failed with a reason —
 * whatever its connection does between being picked from the pool and carrying the request, and
 * whatever a stop finds (issue 13, item 0; docs/faults.md).
 */
class EveryExchangeEndsTest extends LoopbackClientTest {

    /**
     * The state the close-versus-reuse race leaves: a connection that looked open when it was taken
     * from the pool, whose pipeline Netty has torn down by the time the request is to be written
     * (llama.cpp closes after each streamed reply). Before the fix the begin task died with a
     * NullPointerException and the request never completed.
     */
    @Test
    void aPooledConnectionTornDownBeforeTheRequestBeginsIsReplacedByAFreshOne() throws Exception {
        try (SimServer sim = sim();
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 10), true)) {
            assertThat(c.preconnect(1)).isEqualTo(1);
            Channel pooled = c.idleChannelsForTest().get(0);
            pooled.eventLoop().submit(() -> pooled.pipeline().remove(ExchangeHandler.class)).get(5, TimeUnit.SECONDS);
            assertThat(pooled.isActive()).as("still looks usable").isTrue();

            HttpExchange ex = once(c, true);

            assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
            assertThat(ex.poolRaces()).isEqualTo(1);
            assertThat(ex.attempts()).as("the request was never sent on the torn-down connection").isEqualTo(1);
            assertThat(c.connectionsOpened()).isEqualTo(2);
            assertThat(pooled.closeFuture().await(5, TimeUnit.SECONDS)).as("the broken connection is closed").isTrue();
            assertThat(c.unfinished()).isZero();
        }
    }

    /** A request no connection holds any more is ended by the stop's last resort, exactly once. */
    @Test
    void abandonUnfinishedEndsWhatIsLeftAndACompletionAfterItIsIgnored() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // reads nothing, answers nothing
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (HttpClient c = client("http://127.0.0.1:" + silent.getLocalPort() + "/v1/chat/completions",
                    options(null, 100), true)) {
                List<CompletableFuture<HttpExchange>> done = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    CompletableFuture<HttpExchange> f = new CompletableFuture<>();
                    done.add(f);
                    c.execute(new HttpExchange(i, body(true), System.nanoTime(), false, f::complete));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (accepted.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(c.unfinished()).isEqualTo(3);

                assertThat(c.abandonUnfinished(ErrorType.INTERRUPTED, "stopped")).isEqualTo(3);

                for (CompletableFuture<HttpExchange> f : done) {
                    HttpExchange ex = f.get(1, TimeUnit.SECONDS);
                    assertThat(ex.errorType()).isEqualTo(ErrorType.INTERRUPTED);
                }
                assertThat(c.unfinished()).isZero();
                c.cancelAll(); // the connections' own cancellation now finds completed exchanges
                assertThat(c.abandonUnfinished(ErrorType.INTERRUPTED, "again")).isZero();
                Thread.sleep(200);
                assertThat(done).allSatisfy(f -> assertThat(f.get().error()).isEqualTo("stopped"));
            } finally {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** A request unfinished far past its total timeout was lost by the client: failed, so the run can end. */
    @Test
    void abandonLostLeavesRequestsWithinTheirTotalTimeoutAlone() throws Exception {
        try (SimServer sim = sim();
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 10), true)) {
            CompletableFuture<HttpExchange> f = new CompletableFuture<>();
            c.execute(new HttpExchange(0, body(true), System.nanoTime(), false, f::complete));
            assertThat(c.abandonLost(0)).as("10 s total timeout not reached").isZero();
            assertThat(f.get(10, TimeUnit.SECONDS).success()).isTrue();
        }
    }
}
