package dev.barrage.load;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up's server: a reply split as it is flushed, and answered once per request on a kept-alive connection. */
class CannedReplyServerTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
            + "connection: keep-alive\r\n\r\n";
    private static final String BODY = "6\r\ndata:1\r\n" + "8\r\ndata: 22\r\n" + "0\r\n\r\n";
    private static final byte[] REPLY = (HEAD + BODY).getBytes(StandardCharsets.US_ASCII);

    @Test
    void aChunkedReplyIsSplitIntoItsHeadAndEachChunk() {
        List<byte[]> pieces = CannedReplyServer.split(REPLY);
        assertThat(pieces).extracting(p -> new String(p, StandardCharsets.US_ASCII))
                .containsExactly(HEAD, "6\r\ndata:1\r\n", "8\r\ndata: 22\r\n", "0\r\n\r\n");
    }

    @Test
    void aReplyOfKnownLengthIsOnePiece() {
        byte[] whole = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);
        assertThat(CannedReplyServer.split(whole)).hasSize(1);
    }

    @Test
    void answersEveryRequestOfAKeptAliveConnectionWithTheWholeReply() throws Exception {
        try (CannedReplyServer server = CannedReplyServer.start(REPLY);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                String body = "{\"n\":" + i + "}";
                // the head and body in two writes: the server waits for Content-Length bytes
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(20);
                out.write(body.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(in.readNBytes(REPLY.length), StandardCharsets.US_ASCII)).isEqualTo(HEAD + BODY);
            }
            assertThat(in.available()).as("one reply per request").isZero();
        }
    }
}
