package io.cairn.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the gateway counts, in Prometheus terms: {@code cairn_gateway_requests_total{method,status}} (status is the
 * class, {@code 2xx} .. {@code 5xx}), {@code cairn_gateway_response_bytes_total{method}} (body bytes handed to the
 * socket) and {@code cairn_gateway_request_duration_seconds} (from the permit taken to the last byte written or the
 * connection lost, with a few SLO buckets). Tags take only a handful of values each (methods other than GET and
 * HEAD count as {@code OTHER}) so a hostile client cannot grow the registry. {@link #NONE} counts nothing.
 */
class GatewayMetrics {
    static final GatewayMetrics NONE = new GatewayMetrics();

    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final Duration[] SLOS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60)};

    private GatewayMetrics() {}

    static GatewayMetrics of(MeterRegistry registry) {
        return registry == null ? NONE : new Registered(registry);
    }

    /** One request is over: its status, the body bytes written, and how long it took. */
    void completed(HttpMethod method, int status, long bytes, long nanos) {}

    static String methodTag(HttpMethod method) {
        if (HttpMethod.GET.equals(method)) {
            return "GET";
        }
        return HttpMethod.HEAD.equals(method) ? "HEAD" : "OTHER";
    }

    static String statusClass(int status) {
        int c = status / 100;
        return c >= 1 && c <= 5 ? CLASSES[c - 1] : "other";
    }

    private static final class Registered extends GatewayMetrics {
        private final MeterRegistry registry;
        private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Counter> bytes = new ConcurrentHashMap<>();
        private final Timer duration;
        /** By method (GET, HEAD, OTHER) times 6 status classes; filled from the maps above, so shared meters. */
        private final AtomicReferenceArray<Counter> requestCounters = new AtomicReferenceArray<>(18);
        private final AtomicReferenceArray<Counter> byteCounters = new AtomicReferenceArray<>(3);

        Registered(MeterRegistry registry) {
            this.registry = registry;
            this.duration = Timer.builder("cairn.gateway.request.duration")
                    .description("Gateway requests from start to the last byte written")
                    .serviceLevelObjectives(SLOS)
                    .register(registry);
        }

        @Override
        void completed(HttpMethod method, int status, long n, long nanos) {
            String m = methodTag(method);
            String s = statusClass(status);
            // The counters are looked up by a small index, not by a key string built per request.
            int mi = m.equals("GET") ? 0 : m.equals("HEAD") ? 1 : 2;
            int si = status / 100 >= 1 && status / 100 <= 5 ? status / 100 - 1 : 5;
            int slot = mi * 6 + si;
            Counter c = requestCounters.get(slot);
            if (c == null) {
                c = requests.computeIfAbsent(m + ' ' + s, k -> Counter.builder("cairn.gateway.requests")
                        .description("Gateway requests by method and status class")
                        .tags("method", m, "status", s)
                        .register(registry));
                requestCounters.set(slot, c);
            }
            c.increment();
            if (n > 0) {
                Counter b = byteCounters.get(mi);
                if (b == null) {
                    b = bytes.computeIfAbsent(m, k -> Counter.builder("cairn.gateway.response")
                            .baseUnit("bytes")
                            .description("Gateway response body bytes written")
                            .tags("method", m)
                            .register(registry));
                    byteCounters.set(mi, b);
                }
                b.increment(n);
            }
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
