package dev.barrage.sim;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the simulator refuses; its message goes back to the client in an OpenAI error body. */
final class BadRequestException extends Exception {
    private final HttpResponseStatus status;

    BadRequestException(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    BadRequestException(String message) {
        this(HttpResponseStatus.BAD_REQUEST, message);
    }

    HttpResponseStatus status() {
        return status;
    }
}
