package io.cairn.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.core.multiaddr.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client of a running daemon's RPC API, on {@code java.net.http}: {@link #call} sends
 * {@code POST /api/v0/<command>?arg=..&opt=..} with an optional body and returns the response body, or throws
 * {@link RpcCallException} with Kubo's error {@code Message}. {@link #json} and {@link #ndjson} read the two JSON
 * shapes; an error value met inside a stream is thrown as well.
 */
public final class RpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final URI base;
    private final HttpClient http;

    private RpcClient(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.base = URI.create("http://" + host + ":" + address.getPort() + "/api/v0/");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A client for the API at {@code address} ({@code /ip4/A/tcp/P}). */
    public static RpcClient of(InetSocketAddress address) {
        return new RpcClient(address);
    }

    /**
     * The daemon's API named by {@code repoDir/api} if something listens there; empty when there is no file, it is
     * garbled, or nothing answers (a daemon that died: the command runs on the repository, silently).
     */
    public static Optional<RpcClient> find(Path repoDir) {
        Optional<InetSocketAddress> address = ApiFile.read(repoDir).flatMap(Multiaddr::toSocketAddress);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try (Socket probe = new Socket()) {
            probe.connect(address.get(), 1000);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new RpcClient(address.get()));
    }

    /** A call's failure as the API words it ({@code Message} of Kubo's error body). */
    public static final class RpcCallException extends IOException {
        private static final long serialVersionUID = 1L;

        RpcCallException(String message) {
            super(message);
        }
    }

    /** A request body: its content type and a supplier of its bytes (read once, streamed). */
    public record Body(String contentType, Supplier<InputStream> stream) {
    }

    /**
     * Calls {@code command} with {@code args} (repeated {@code arg}) and {@code options}; returns the body stream
     * of a 200 answer (close it), or throws the API's error.
     */
    public InputStream call(String command, List<String> args, Map<String, String> options, Body body)
            throws IOException {
        StringBuilder q = new StringBuilder();
        for (String a : args) {
            q.append(q.length() == 0 ? "" : "&").append("arg=").append(encode(a));
        }
        for (Map.Entry<String, String> o : options.entrySet()) {
            q.append(q.length() == 0 ? "" : "&").append(encode(o.getKey())).append('=').append(encode(o.getValue()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(command + (q.length() == 0 ? "" : "?" + q)));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", body.contentType())
                    .POST(HttpRequest.BodyPublishers.ofInputStream(body.stream()));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling the daemon");
        }
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                byte[] bytes = in.readAllBytes();
                String text = new String(bytes, StandardCharsets.UTF_8).trim();
                String message = text;
                try {
                    JsonNode error = JSON.readTree(bytes);
                    if (error != null && error.hasNonNull("Message")) {
                        message = error.get("Message").asText();
                    }
                } catch (IOException notJson) {
                    // plain-text answers (404, 405) are shown as they are
                }
                throw new RpcCallException(message.isEmpty() ? "daemon answered " + response.statusCode()
                        : message);
            }
        }
        return response.body();
    }

    /** One JSON value. */
    public JsonNode json(String command, List<String> args, Map<String, String> options) throws IOException {
        try (InputStream in = call(command, args, options, null)) {
            return errorChecked(JSON.readTree(in));
        }
    }

    /**
     * The values of an NDJSON answer, read as they arrive; an error value or a cut stream is thrown (unchecked,
     * as {@link UncheckedIOException} around {@link RpcCallException}) from {@code hasNext}/{@code next}.
     */
    public Iterator<JsonNode> ndjson(String command, List<String> args, Map<String, String> options, Body body)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(call(command, args, options, body),
                StandardCharsets.UTF_8));
        return new Iterator<>() {
            private JsonNode next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    return false;
                }
                try {
                    String line;
                    do {
                        line = reader.readLine();
                    } while (line != null && line.isBlank());
                    if (line == null) {
                        done = true;
                        reader.close();
                        return false;
                    }
                    next = errorChecked(JSON.readTree(line));
                    return true;
                } catch (IOException e) {
                    done = true;
                    closeQuietly(reader, e);
                    throw new UncheckedIOException(e instanceof RpcCallException ? e
                            : new RpcCallException("the daemon's answer broke off: " + e.getMessage()));
                }
            }

            @Override
            public JsonNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                JsonNode n = next;
                next = null;
                return n;
            }
        };
    }

    private static void closeQuietly(BufferedReader reader, IOException failure) {
        try {
            reader.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static JsonNode errorChecked(JsonNode node) throws RpcCallException {
        if (node != null && node.isObject() && "error".equals(node.path("Type").asText(null))
                && node.has("Message")) {
            throw new RpcCallException(node.get("Message").asText());
        }
        return node;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
