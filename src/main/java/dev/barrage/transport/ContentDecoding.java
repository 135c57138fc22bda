package dev.barrage.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;

/**
 * Decodes a compressed response (gzip, deflate, snappy) though Barrage asks for
 * {@code Accept-Encoding: identity}: some servers and proxies compress anyway, and an undecoded
 * stream would be read as an empty success. It remembers the encoding it decoded, so that the
 * record can say the stream was compressed (a compressing proxy holds chunks back, which shows in
 * the inter-token latencies). One per connection; runs on its I/O thread.
 */
final class ContentDecoding extends HttpContentDecompressor {
    /** The largest buffer one decode step may produce: a bound against compression bombs. */
    private static final int MAX_ALLOCATION = 16 << 20;
    private String decoded;

    ContentDecoding() {
        super(false, MAX_ALLOCATION);
    }

    @Override
    protected EmbeddedChannel newContentDecoder(String contentEncoding) throws Exception {
        EmbeddedChannel decoder = super.newContentDecoder(contentEncoding);
        if (decoder != null) {
            decoded = contentEncoding;
        }
        return decoder;
    }

    /** The encoding decoded for the response whose head just passed, once; {@code null} for none. */
    String takeDecoded() {
        String e = decoded;
        decoded = null;
        return e;
    }
}
