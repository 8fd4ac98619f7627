package io.cairn.gateway.rpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubo-compatible RPC API: {@code POST /api/v0/<command>} over a {@link RpcBackend}.
 *
 * <p>Why the JDK's HTTP server and not Netty like the gateway: RPC commands are blocking work from end to end
 * (reading a multipart upload while writing blocks, walking a DAG while writing a CAR), the API serves one local
 * user rather than the public, and a thread per call with plain streams keeps every command a straight-line
 * method. Calls run on a bounded pool ({@code threads}); more wait in a bounded queue, beyond which the server
 * refuses the connection's request.
 *
 * <p>As go-ipfs-cmds does: other methods than POST (and OPTIONS) get {@code 405 - Method Not Allowed}; an unknown
 * command {@code 404 page not found}; a request carrying an {@code Origin} or {@code Referer} that is not this
 * server's own address is refused with 403, so a web page cannot drive the API of the machine it runs on.
 *
 * <p>Metrics, when started with a registry: as Kubo, {@code GET /debug/metrics/prometheus} answers the registry's
 * scrape in the Prometheus text format, and every call of a known command counts in
 * {@code cairn_rpc_requests_total{command, outcome}} (outcome {@code ok} or {@code error}). Unknown command names
 * are not counted, so a client cannot grow the registry.
 */
public final class RpcServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    static final String PREFIX = "/api/v0/";
    static final String METRICS_PATH = "/debug/metrics/prometheus";
    /** The Prometheus text exposition format, which {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Map<String, RpcCommand> commands;
    private final PrometheusMeterRegistry metrics;
    private final ConcurrentMap<String, Counter> calls = new ConcurrentHashMap<>();
    private boolean closed;

    private RpcServer(HttpServer server, ThreadPoolExecutor executor, Map<String, RpcCommand> commands,
            PrometheusMeterRegistry metrics) {
        this.server = server;
        this.executor = executor;
        this.commands = commands;
        this.metrics = metrics;
    }

    /** Binds {@code address} (port 0: a free port) and serves {@code backend} with 16 call threads. */
    public static RpcServer start(InetSocketAddress address, RpcBackend backend) throws IOException {
        return start(address, backend, 16);
    }

    public static RpcServer start(InetSocketAddress address, RpcBackend backend, int threads) throws IOException {
        return start(address, backend, threads, null);
    }

    /**
     * As {@link #start(InetSocketAddress, RpcBackend, int)}, counting calls into {@code metrics} and serving its
     * scrape at {@code /debug/metrics/prometheus}; {@code null}: no metrics, and that path answers 404.
     */
    public static RpcServer start(InetSocketAddress address, RpcBackend backend, int threads,
            PrometheusMeterRegistry metrics) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(backend, "backend");
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "cairn-rpc-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), factory);
        HttpServer server = HttpServer.create(address, 128);
        RpcServer rpc = new RpcServer(server, executor, RpcCommands.all(backend), metrics);
        server.createContext("/", rpc::handle);
        server.setExecutor(executor);
        server.start();
        return rpc;
    }

    /** Where the server listens, with the real port when it was started on port 0. */
    public InetSocketAddress localAddress() {
        return server.getAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        RpcResponse response = new RpcResponse(exchange);
        try (exchange; InputStream body = exchange.getRequestBody()) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (path.equals(METRICS_PATH) && metrics != null) {
                scrape(exchange, method, response);
                return;
            }
            if (!path.startsWith(PREFIX) && !path.equals("/api/v0")) {
                response.plain(404, "404 page not found");
                return;
            }
            if (method.equals("OPTIONS")) {
                exchange.getResponseHeaders().set("Allow", "OPTIONS, POST");
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "OPTIONS, POST");
                response.plain(405, "405 - Method Not Allowed");
                return;
            }
            if (!sameOrigin(exchange)) {
                response.plain(403, "403 - Forbidden");
                return;
            }
            String name = path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "";
            while (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            RpcCommand command = commands.get(name);
            if (command == null) {
                response.plain(404, "404 page not found");
                return;
            }
            boolean ok = false;
            try {
                ok = run(command, name, uri.getRawQuery(), exchange, body, response);
            } finally {
                count(name, ok);
            }
        }
    }

    private void count(String command, boolean ok) {
        if (metrics == null) {
            return;
        }
        String outcome = ok ? "ok" : "error";
        calls.computeIfAbsent(command + ' ' + outcome, k -> Counter.builder("cairn.rpc.requests")
                .description("RPC API calls by command and outcome")
                .tags("command", command, "outcome", outcome)
                .register(metrics)).increment();
    }

    /**
     * The scrape, for GET only. No origin check: it is read-only, and Prometheus (or a browser tab) on another
     * host reads it as Kubo's is read.
     */
    private void scrape(HttpExchange exchange, String method, RpcResponse response) throws IOException {
        if (!method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            response.plain(405, "405 - Method Not Allowed");
            return;
        }
        byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", METRICS_CONTENT_TYPE);
        exchange.sendResponseHeaders(200, text.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(text);
        }
    }

    /** Runs a call; false when it failed with an error answer. */
    private static boolean run(RpcCommand command, String name, String query, HttpExchange exchange, InputStream body,
            RpcResponse response) throws IOException {
        try {
            RpcRequest request = RpcRequest.parse(name, query,
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            command.run(request, response);
            return true;
        } catch (IOException | RuntimeException e) {
            RpcErrors.Failure failure = RpcErrors.of(e);
            if (!response.committed()) {
                response.error(failure);
                return false;
            }
            // The head is out: the status cannot change. Kubo sends the error as a trailer; this server cannot, so
            // it ends the stream with the error value and then cuts the connection, leaving the body without its
            // last chunk, which every HTTP client reports as a failed response.
            LOG.debug("{} failed after its response started: {}", name, failure.message());
            response.abortWith(failure);
            throw new IOException(name + " failed after its response started: " + failure.message());
        }
    }

    /**
     * go-ipfs-cmds refuses requests from other origins: a browser sends {@code Origin} (and {@code Referer}) with
     * a cross-site POST, a command-line client sends neither.
     */
    private boolean sameOrigin(HttpExchange exchange) {
        for (String header : new String[] {"Origin", "Referer"}) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value == null || value.isEmpty()) {
                continue;
            }
            URI u;
            try {
                u = URI.create(value);
            } catch (IllegalArgumentException e) {
                return false;
            }
            String host = u.getHost();
            int port = u.getPort();
            boolean local = host != null && (host.equals("127.0.0.1") || host.equals("localhost")
                    || host.equals("[::1]") || host.equals("::1"));
            if (!local || port != port()) {
                return false;
            }
        }
        return true;
    }

    /** Stops accepting, ends calls in progress and the threads; waits up to a few seconds. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("RPC calls still running after shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
