package io.cairn.gateway;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What to answer, before any byte is written: a status, headers and at most one body, either small bytes held in
 * memory or a stream read chunk by chunk on the worker executor. {@code length} is the body's length, or -1 when
 * it is sent chunked. A HEAD response keeps the length and headers of its GET and has no body; its stream, if one
 * was opened, is closed unread.
 */
final class GatewayResponse {
    final HttpResponseStatus status;
    final HttpHeaders headers = new DefaultHttpHeaders();
    final byte[] bytes;
    final InputStream stream;
    final long length;

    private GatewayResponse(HttpResponseStatus status, byte[] bytes, InputStream stream, long length) {
        this.status = status;
        this.bytes = bytes;
        this.stream = stream;
        this.length = length;
    }

    static GatewayResponse empty(HttpResponseStatus status) {
        return new GatewayResponse(status, null, null, 0);
    }

    static GatewayResponse bytes(HttpResponseStatus status, byte[] body) {
        return new GatewayResponse(status, body, null, body.length);
    }

    /** A plain-text body, the form of every error. */
    static GatewayResponse text(HttpResponseStatus status, String body) {
        GatewayResponse r = bytes(status, (body + "\n").getBytes(StandardCharsets.UTF_8));
        r.headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers.set("X-Content-Type-Options", "nosniff");
        return r;
    }

    /** A streamed body of {@code length} bytes, or chunked when {@code length} is -1. */
    static GatewayResponse stream(HttpResponseStatus status, InputStream body, long length) {
        return new GatewayResponse(status, null, body, length);
    }

    /** The same status and headers with no body (HEAD); the caller closes {@link #stream}. */
    GatewayResponse withoutBody() {
        GatewayResponse r = new GatewayResponse(status, null, null, length);
        r.headers.set(headers);
        return r;
    }
}
