package io.cairn.gateway.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.gateway.Scrapes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /debug/metrics/prometheus} on the RPC API, and the per-command counters it shows. */
class RpcMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheScrapeWithCallsByCommandAndOutcome() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), new MemoryBackend(), 4, registry);
        try {
            assertEquals(200, post(server, "/api/v0/version").statusCode());
            assertEquals(200, post(server, "/api/v0/version").statusCode());
            assertEquals(500, post(server, "/api/v0/block/get?arg=not-a-cid").statusCode());
            assertEquals(404, post(server, "/api/v0/no/such/command").statusCode());

            HttpResponse<String> r = get(server, "/debug/metrics/prometheus");
            assertEquals(200, r.statusCode());
            assertEquals(RpcServer.METRICS_CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(null));
            String text = r.body();
            assertEquals(2, Scrapes.value(text, "cairn_rpc_requests_total", "command", "version", "outcome", "ok")
                    .orElseThrow(), text);
            assertEquals(1, Scrapes.value(text, "cairn_rpc_requests_total", "command", "block/get",
                    "outcome", "error").orElseThrow(), text);
            assertTrue(Scrapes.value(text, "cairn_rpc_requests_total", "command", "version", "outcome", "error")
                    .isEmpty(), text);
            assertFalse(text.contains("no/such"), "unknown commands must not become tags:\n" + text);
            assertTrue(text.contains("# TYPE cairn_rpc_requests_total counter"), text);

            assertEquals(405, post(server, "/debug/metrics/prometheus").statusCode());
        } finally {
            server.close();
        }
    }

    @Test
    void withoutARegistryThePathIsNotFound() throws Exception {
        RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), new MemoryBackend(), 2);
        try {
            assertEquals(404, get(server, "/debug/metrics/prometheus").statusCode());
            assertEquals(200, post(server, "/api/v0/version").statusCode());
        } finally {
            server.close();
        }
    }

    private HttpResponse<String> post(RpcServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(RpcServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(RpcServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
