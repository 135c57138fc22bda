package dev.barrage.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP proxy on loopback for tests, one thread per connection: {@code CONNECT host:port}
 * opens a tunnel, an absolute-form request ({@code POST http://host:port/path}) is forwarded in
 * origin form with {@code Connection: close}. Every host name maps to 127.0.0.1, so a test can
 * name a host that only "resolves" through the proxy. It records what it saw.
 */
final class TinyProxy implements AutoCloseable {
    private static final Pattern ABSOLUTE = Pattern.compile("^(\\S+) http://([^/:]+):(\\d+)(\\S*) (HTTP/1\\.1)$");

    private final ServerSocket server;
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();

    TinyProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "tiny-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "tiny-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String requestLine = head.get(0);
            requestLines.add(requestLine);
            for (String h : head) {
                if (h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
                    proxyAuthorizations.add(h.substring(h.indexOf(':') + 1).trim());
                }
            }
            if (requestLine.startsWith("CONNECT ")) {
                int port = Integer.parseInt(requestLine.split(" ")[1].replaceAll(".*:", ""));
                try (Socket origin = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    pumpBothWays(client, origin);
                }
                return;
            }
            Matcher m = ABSOLUTE.matcher(requestLine);
            if (!m.matches()) {
                client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket origin = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(3)))) {
                StringBuilder forwarded = new StringBuilder(m.group(1) + " " + m.group(4) + " " + m.group(5) + "\r\n");
                for (String h : head.subList(1, head.size())) {
                    String lower = h.toLowerCase(Locale.ROOT);
                    if (!lower.startsWith("connection:") && !lower.startsWith("proxy-")) {
                        forwarded.append(h).append("\r\n");
                    }
                }
                forwarded.append("Connection: close\r\n\r\n");
                origin.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                pumpBothWays(client, origin);
            }
        } catch (IOException ignored) {
            // a connection ended; the test looks at what arrived
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                line.reset();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        return lines;
    }

    /** Copies bytes both ways until either side closes. */
    private static void pumpBothWays(Socket a, Socket b) throws IOException {
        Thread back = new Thread(() -> copy(b, a), "tiny-proxy-pump");
        back.setDaemon(true);
        back.start();
        copy(a, b);
        try {
            back.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16384];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // the other side went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
