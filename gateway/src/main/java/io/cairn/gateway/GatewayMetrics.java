package io.cairn.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

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
            requests.computeIfAbsent(m + ' ' + s, k -> Counter.builder("cairn.gateway.requests")
                    .description("Gateway requests by method and status class")
                    .tags("method", m, "status", s)
                    .register(registry)).increment();
            if (n > 0) {
                bytes.computeIfAbsent(m, k -> Counter.builder("cairn.gateway.response")
                        .baseUnit("bytes")
                        .description("Gateway response body bytes written")
                        .tags("method", m)
                        .register(registry)).increment(n);
            }
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
