package dev.barrage.sim;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The error answers of the {@code status} and {@code status-text} faults. */
final class FaultResponses {
    private FaultResponses() {
    }

    /**
     * An error status with an OpenAI-style JSON body ({@code status}) or a plain-text one
     * ({@code status-text}, as a proxy sends). 429 and 503 carry {@code Retry-After} (whole
     * seconds, rounded up, as RFC 9110 wants) and {@code retry-after-ms} (exact, as OpenAI's API
     * sends).
     */
    static FullHttpResponse status(ByteBufAllocator alloc, Fault fault, double retryAfterS, boolean keepAlive) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(fault.intValue());
        String message = "simulated fault: " + status.code() + " " + status.reasonPhrase();
        FullHttpResponse response;
        if (fault.kind() == Fault.Kind.STATUS) {
            response = HttpResponses.error(alloc, status, message, keepAlive);
        } else {
            byte[] body = (status.code() + " " + status.reasonPhrase() + " (" + message + ")\n")
                    .getBytes(StandardCharsets.UTF_8);
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    alloc.buffer(body.length).writeBytes(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            HttpResponses.setConnection(response.headers(), keepAlive);
        }
        if (status.code() == 429 || status.code() == 503) {
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString((long) Math.ceil(retryAfterS)));
            headers.set("retry-after-ms", Long.toString(Math.round(retryAfterS * 1000)));
        }
        return response;
    }
}
