package dev.barrage.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Builds the simulator's complete (non-streamed) HTTP responses. */
final class HttpResponses {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private HttpResponses() {
    }

    static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, byte[] body, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                alloc.buffer(body.length).writeBytes(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        setConnection(headers, keepAlive);
        return response;
    }

    static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, ObjectNode body,
            boolean keepAlive) {
        return json(alloc, status, toBytes(body), keepAlive);
    }

    /** An error in OpenAI's shape: {@code {"error":{"message","type","param":null,"code"}}}. */
    static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String message,
            boolean keepAlive) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", errorType(status));
        error.putNull("param");
        error.put("code", status.code());
        return json(alloc, status, root, keepAlive);
    }

    /** A Prometheus text page (format 0.0.4). */
    static FullHttpResponse prometheus(ByteBufAllocator alloc, String page, boolean keepAlive) {
        byte[] body = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                alloc.buffer(body.length).writeBytes(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        setConnection(response.headers(), keepAlive);
        return response;
    }

    static FullHttpResponse empty(HttpResponseStatus status, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        setConnection(response.headers(), keepAlive);
        return response;
    }

    static void setConnection(HttpHeaders headers, boolean keepAlive) {
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    static byte[] toBytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /** The class names OpenAI's Python client gives these statuses, as vLLM reports them. */
    private static String errorType(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> "BadRequestError";
            case 401 -> "AuthenticationError";
            case 403 -> "PermissionDeniedError";
            case 404 -> "NotFoundError";
            case 405 -> "MethodNotAllowedError";
            case 413 -> "RequestEntityTooLargeError";
            case 429 -> "RateLimitError";
            default -> status.code() >= 500 ? "InternalServerError" : "BadRequestError";
        };
    }
}
