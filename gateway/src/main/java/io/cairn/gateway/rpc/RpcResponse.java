package io.cairn.gateway.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The answer to one call, in the three shapes go-ipfs-cmds sends: one JSON value ({@link #json}), a stream of JSON
 * values one per line ({@link #stream}, with {@code X-Chunked-Output: 1}) or raw bytes ({@link #bytes}, with
 * {@code X-Stream-Output: 1} and {@code text/plain}). The head goes out with the first of these; until then a
 * failure can still become an error status ({@link #committed()} says whether it can).
 */
final class RpcResponse {
    static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final String EXPOSED = "X-Stream-Output, X-Chunked-Output, X-Content-Length";

    private final HttpExchange exchange;
    private boolean committed;
    private Ndjson stream;

    RpcResponse(HttpExchange exchange) {
        this.exchange = exchange;
    }

    boolean committed() {
        return committed;
    }

    /** One JSON value, as Kubo's {@code EmitOnce}. */
    void json(Object value) throws IOException {
        byte[] body = line(value);
        head(200, "application/json", null);
        send(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Starts an NDJSON stream; each {@link Ndjson#emit} is flushed at once. */
    Ndjson stream() throws IOException {
        head(200, "application/json", "X-Chunked-Output");
        send(200, 0);
        stream = new Ndjson(new BufferedOutputStream(exchange.getResponseBody(), 8192));
        return stream;
    }

    /** Starts a byte stream of {@code length} bytes (-1: unknown, chunked); the caller closes it. */
    OutputStream bytes(long length) throws IOException {
        head(200, "text/plain", "X-Stream-Output");
        if (length >= 0) {
            exchange.getResponseHeaders().set("X-Content-Length", Long.toString(length));
        }
        send(200, length < 0 ? 0 : length == 0 ? -1 : length);
        return new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024);
    }

    /** An error before anything was sent. */
    void error(RpcErrors.Failure failure) throws IOException {
        byte[] body = line(failure.body());
        head(failure.status(), "application/json", null);
        send(failure.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** After the head went out: ends an NDJSON stream with the error value (best effort; the caller aborts). */
    void abortWith(RpcErrors.Failure failure) {
        if (stream == null) {
            return;
        }
        try {
            stream.emit(failure.body());
        } catch (IOException e) {
            // The client is gone; the connection is cut next anyway.
            org.slf4j.LoggerFactory.getLogger(RpcResponse.class).debug("could not send a stream error", e);
        }
    }

    /** A plain-text answer outside the command protocol (404 for an unknown command, 405, 403). */
    void plain(int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void head(int status, String contentType, String streamHeader) {
        Headers h = exchange.getResponseHeaders();
        h.set("Access-Control-Allow-Headers", EXPOSED);
        h.set("Access-Control-Expose-Headers", EXPOSED);
        h.set("Trailer", "X-Stream-Error");
        h.set("Content-Type", contentType);
        if (streamHeader != null) {
            h.set(streamHeader, "1");
        }
    }

    private void send(int status, long length) throws IOException {
        committed = true;
        exchange.sendResponseHeaders(status, length);
    }

    static byte[] line(Object value) throws IOException {
        byte[] json = JSON.writeValueAsBytes(value);
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    /** An NDJSON body: one value per line, each flushed as it is emitted. */
    static final class Ndjson implements AutoCloseable {
        private final OutputStream out;

        Ndjson(OutputStream out) {
            this.out = out;
        }

        void emit(Object value) throws IOException {
            out.write(line(value));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
