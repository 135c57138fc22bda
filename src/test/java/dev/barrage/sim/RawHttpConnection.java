package dev.barrage.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 client on a raw socket, for byte-level checks: it keeps every chunk of a
 * chunked body apart and stamps each with {@link System#nanoTime()} when it has been read.
 */
final class RawHttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** One HTTP chunk (for the simulator: one server-sent event) and when it arrived. */
    record Chunk(String text, long arrivalNanos) {
        /** The text after {@code data: }, without the blank line. */
        String data() {
            if (!text.startsWith("data: ") || !text.endsWith("\n\n")) {
                throw new AssertionError("not one SSE event: " + text);
            }
            return text.substring("data: ".length(), text.length() - 2);
        }
    }

    record Response(int status, Map<String, String> headers, String body, List<Chunk> chunks, long sentNanos,
            long headersNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RawHttpConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends a request and returns {@link System#nanoTime()} just before it was written. */
    long send(String method, String path, String body, String... extraHeaders) throws IOException {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bodyBytes.length).append("\r\n");
        }
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        long sentNanos = System.nanoTime();
        out.write(all);
        out.flush();
        return sentNanos;
    }

    Response exchange(String method, String path, String body, String... extraHeaders) throws IOException {
        long sentNanos = send(method, path, body, extraHeaders);
        return readResponse(sentNanos);
    }

    Response postJson(String path, String body) throws IOException {
        return exchange("POST", path, body);
    }

    Response readResponse(long sentNanos) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        long headersNanos = System.nanoTime();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        List<Chunk> chunks = new ArrayList<>();
        String body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunks(chunks);
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body, chunks, sentNanos, headersNanos);
    }

    private String readChunks(List<Chunk> chunks) throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int size = Integer.parseInt(sizeLine.trim(), 16);
            if (size == 0) {
                readLine(); // the blank line after the (empty) trailers
                return body.toString();
            }
            byte[] data = in.readNBytes(size);
            long arrivalNanos = System.nanoTime();
            readLine();
            String text = new String(data, StandardCharsets.UTF_8);
            chunks.add(new Chunk(text, arrivalNanos));
            body.append(text);
        }
    }

    /**
     * True when the server closes the connection (EOF or reset) within {@code timeoutMillis};
     * bytes still in flight before the close are skipped.
     */
    boolean closedByPeer(int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] skipped = new byte[8192];
        try {
            while (true) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMillis <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) leftMillis);
                if (in.read(skipped) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    void closeAbruptly() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
