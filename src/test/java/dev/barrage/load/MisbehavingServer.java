package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat server on loopback that answers wrongly on purpose, byte for byte: plain blocking
 * sockets, a thread per connection, and a {@link Script} that writes each answer's raw bytes and
 * decides whether the connection stays open. The helpers build the usual parts (an SSE reply that
 * echoes the request's prompt, chunked framing) so a script only says what is odd.
 */
final class MisbehavingServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as read from the socket; {@code number} counts from 1 over the server's life. */
    record Request(int number, String requestLine, Map<String, String> headers, String body) {
        /** The text of the request's last message (chat) or its prompt (completions); "" when none. */
        String prompt() {
            try {
                JsonNode root = JSON.readTree(body);
                JsonNode messages = root.path("messages");
                if (messages.isArray() && !messages.isEmpty()) {
                    JsonNode content = messages.get(messages.size() - 1).path("content");
                    return content.isTextual() ? content.asText() : content.toString();
                }
                return root.path("prompt").asText("");
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** Writes the answer to one request; returns true to keep the connection open for the next. */
    interface Script {
        boolean answer(Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Script script;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "misbehaving-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    MisbehavingServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions";
    }

    int requests() {
        return requests.get();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            while (!closed) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                if (!script.answer(request, out)) {
                    out.flush();
                    return;
                }
                out.flush();
            }
        } catch (SocketException gone) {
            // the client closed or reset: nothing to answer
        } catch (IOException e) {
            // same
        }
    }

    private Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        return new Request(requests.incrementAndGet(), lines[0], headers, new String(body, StandardCharsets.UTF_8));
    }

    /** One SSE event carrying {@code text} as a chat delta. */
    static String tokenEvent(String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(text) + "}}]}\n\n";
    }

    /** A chat stream whose content is "echo:" + the request's prompt, in {@code tokens} events, then [DONE]. */
    static String echoStream(Request request, int tokens) {
        String text = "echo:" + request.prompt();
        StringBuilder sb = new StringBuilder();
        int step = Math.max(1, (text.length() + tokens - 1) / tokens);
        for (int i = 0; i < text.length(); i += step) {
            sb.append(tokenEvent(text.substring(i, Math.min(text.length(), i + step))));
        }
        return sb.append("data: [DONE]\n\n").toString();
    }

    /** A 200 SSE response head for a chunked body, plus {@code extraHeaders} (each ending in CRLF). */
    static String streamHead(String extraHeaders) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n" + extraHeaders
                + "\r\n";
    }

    /** One chunk of a chunked body. */
    static byte[] chunk(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(data);
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Writes a whole chunked SSE response: the head, each event as its own chunk, the last chunk. */
    static void writeStream(OutputStream out, String extraHeaders, String events) throws IOException {
        writeStream(out, extraHeaders, events, 0);
    }

    /** As {@link #writeStream(OutputStream, String, String)}, each event flushed {@code gapMillis} after the last. */
    static void writeStream(OutputStream out, String extraHeaders, String events, long gapMillis) throws IOException {
        out.write(streamHead(extraHeaders).getBytes(StandardCharsets.US_ASCII));
        for (String event : events.split("(?<=\n\n)")) {
            out.write(chunk(event.getBytes(StandardCharsets.UTF_8)));
            if (gapMillis > 0) {
                out.flush();
                try {
                    Thread.sleep(gapMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        out.write(LAST_CHUNK);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        threads.shutdownNow();
    }
}
