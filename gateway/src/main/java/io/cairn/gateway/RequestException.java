package io.cairn.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the gateway refuses for a reason it found itself (bad path, unacceptable format, wrong method). The
 * status travels with it; {@link GatewayErrors} turns it into the response like every other failure.
 */
final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;

    RequestException(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }
}
