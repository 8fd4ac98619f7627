package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.gateway.Scrapes.Expectation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gateway's counters, read back from a Prometheus scrape after real HTTP requests. */
class GatewayMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void countsRequestsByMethodAndStatusClassBytesAndLatency() throws Exception {
        MemoryBlockStore store = new MemoryBlockStore();
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        Cid cid = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data);
        store.put(new Block(cid, data));
        Cid missing = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, "absent".getBytes(StandardCharsets.UTF_8));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (GatewayServer server = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0),
                BlockSource.of(store), LocalBlocks.of(store), GatewayOptions.defaults(), registry)) {
            long getBytes = 0;
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = send(server, "GET", "/ipfs/" + cid + "?format=raw");
                assertEquals(200, r.statusCode());
                assertEquals(data.length, r.body().length);
                getBytes += r.body().length;
            }
            assertEquals(200, send(server, "HEAD", "/ipfs/" + cid + "?format=raw").statusCode());
            HttpResponse<byte[]> notFound = send(server, "GET", "/ipfs/" + missing + "?format=raw");
            assertEquals(404, notFound.statusCode());
            HttpResponse<byte[]> bad = send(server, "GET", "/ipfs/not-a-cid");
            assertEquals(400, bad.statusCode());
            getBytes += notFound.body().length + bad.body().length;

            String scrape = Scrapes.await(registry::scrape, List.of(
                    new Expectation("cairn_gateway_requests_total", 3, "method", "GET", "status", "2xx"),
                    new Expectation("cairn_gateway_requests_total", 1, "method", "HEAD", "status", "2xx"),
                    new Expectation("cairn_gateway_requests_total", 2, "method", "GET", "status", "4xx"),
                    new Expectation("cairn_gateway_response_bytes_total", getBytes, "method", "GET"),
                    new Expectation("cairn_gateway_request_duration_seconds_count", 6)));
            assertEquals(3, value(scrape, "cairn_gateway_requests_total", "method", "GET", "status", "2xx"));
            assertEquals(1, value(scrape, "cairn_gateway_requests_total", "method", "HEAD", "status", "2xx"));
            assertEquals(2, value(scrape, "cairn_gateway_requests_total", "method", "GET", "status", "4xx"));
            assertTrue(Scrapes.value(scrape, "cairn_gateway_requests_total", "status", "5xx").isEmpty(), scrape);
            // HEAD sends no body, so it adds no bytes
            assertTrue(Scrapes.value(scrape, "cairn_gateway_response_bytes_total", "method", "HEAD").isEmpty());
            assertEquals(getBytes, value(scrape, "cairn_gateway_response_bytes_total", "method", "GET"));
            assertEquals(6, value(scrape, "cairn_gateway_request_duration_seconds_count"));
            // the SLO buckets are exposed, and every request falls under the largest (+Inf)
            assertEquals(6, value(scrape, "cairn_gateway_request_duration_seconds_bucket", "le", "+Inf"));
            assertTrue(Scrapes.value(scrape, "cairn_gateway_request_duration_seconds_bucket", "le", "0.1")
                    .isPresent(), scrape);
        }
    }

    @Test
    void withoutARegistryNothingIsRequired() throws Exception {
        MemoryBlockStore store = new MemoryBlockStore();
        try (GatewayServer server = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0),
                BlockSource.of(store), LocalBlocks.of(store), GatewayOptions.defaults())) {
            assertEquals(200, send(server, "GET", "/ipfs/bafkqaaa").statusCode());
        }
    }

    private static double value(String scrape, String name, String... labels) {
        return Scrapes.value(scrape, name, labels).orElseThrow(() -> new AssertionError(name + " missing in\n"
                + scrape));
    }

    private HttpResponse<byte[]> send(GatewayServer server, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
