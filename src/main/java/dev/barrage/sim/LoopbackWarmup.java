package dev.barrage.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone server's warm-up over real sockets: a zero-delay simulator on an ephemeral
 * loopback port, answering streamed requests of the usual APIs from a few plain blocking
 * client threads, new connections now and then. In-memory channels ({@link SimWarmup}) compile
 * the handlers, but on heap buffers; only real traffic compiles the epoll read and write path on
 * the pooled direct buffers the server then uses, so a benchmark's first burst does not meet
 * the interpreter (it took a fresh server 10-20 ms to answer 50 requests).
 */
final class LoopbackWarmup {
    private static final int CLIENTS = 64;
    private static final int REQUESTS_PER_CONNECTION = 20;
    private static final byte[] CHUNKED_END = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private LoopbackWarmup() {
    }

    /** @return the requests answered */
    static int run(SimConfig config, PromptTokenCounter tokenCounter, long millis) throws InterruptedException {
        SimConfig instant = config.toBuilder().host("127.0.0.1").port(0).ttftMs(0).prefillUsPerToken(0).itlMs(0)
                .jitter(0).faults(List.of()).stallForS(0).maxBatch(1_000_000).closeAfterResponse(false)
                .apis(SimConfig.allApis()).prefixCache(false).build();
        List<byte[]> requests = requests();
        AtomicInteger answered = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try (SimServer server = SimServer.start(instant, tokenCounter)) {
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int offset = c;
                Thread t = new Thread(() -> {
                    int i = offset;
                    while (System.nanoTime() < end) {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                            s.setTcpNoDelay(true);
                            s.setSoTimeout(5000);
                            for (int k = 0; k < REQUESTS_PER_CONNECTION && System.nanoTime() < end; k++) {
                                exchange(s, requests.get(i++ % requests.size()));
                                answered.incrementAndGet();
                            }
                        } catch (IOException e) {
                            return; // a warm-up that cannot talk to itself just ends early
                        }
                    }
                }, "warmup-client-" + c);
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join(millis + 10_000);
            }
        }
        return answered.get();
    }

    /** Writes one request and reads its streamed (chunked) reply to the end. */
    private static void exchange(Socket s, byte[] request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[16384];
        byte[] tail = new byte[CHUNKED_END.length];
        int seen = 0;
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("closed");
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                tail[tail.length - 1] = buf[i];
                seen++;
            }
            if (seen >= tail.length && java.util.Arrays.equals(tail, CHUNKED_END)) {
                return;
            }
        }
    }

    private static List<byte[]> requests() {
        String chat = "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\",\"content\":\"hello, count to twenty\"}],"
                + "\"stream\":true,\"max_tokens\":16,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}}";
        String completion = "{\"model\":\"warmup\",\"prompt\":\"hello\",\"stream\":true,\"max_tokens\":16,\"ignore_eos\":true}";
        String responses = "{\"model\":\"warmup\",\"input\":\"hello\",\"stream\":true,\"max_output_tokens\":16}";
        String messages = "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":true,"
                + "\"max_tokens\":16}";
        return List.of(request("/v1/chat/completions", chat), request("/v1/chat/completions", chat),
                request("/v1/completions", completion), request("/v1/responses", responses),
                request("/v1/messages", messages));
    }

    private static byte[] request(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: warmup\r\nContent-Type: application/json\r\n"
                + "Accept: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
