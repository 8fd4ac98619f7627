package io.cairn.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link GatewayServer}; immutable, built with {@link #builder()}. The defaults suit a personal node:
 * 256 requests at once, 30 s to retrieve a block (boxo's default retrieval timeout), 16 KiB of request headers.
 */
public final class GatewayOptions {
    private final int maxConcurrentRequests;
    private final int workerThreads;
    private final Duration retrievalTimeout;
    private final int maxHeaderSize;
    private final int maxInitialLineLength;
    private final Duration idleTimeout;
    private final int retryAfterSeconds;

    private GatewayOptions(Builder b) {
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.workerThreads = b.workerThreads;
        this.retrievalTimeout = b.retrievalTimeout;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxInitialLineLength = b.maxInitialLineLength;
        this.idleTimeout = b.idleTimeout;
        this.retryAfterSeconds = b.retryAfterSeconds;
    }

    public static GatewayOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Requests served at once; one more is answered 429 with {@code Retry-After}. */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** Threads that do the blocking reads (store lookups, waiting for the network). */
    public int workerThreads() {
        return workerThreads;
    }

    /** How long one block may take to arrive before the request fails with 504. */
    public Duration retrievalTimeout() {
        return retrievalTimeout;
    }

    /** Bytes of request headers accepted; more is answered 431. */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** Bytes of the request line accepted; more is answered 414. */
    public int maxInitialLineLength() {
        return maxInitialLineLength;
    }

    /** A connection with no reads and no writes for this long is closed. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The {@code Retry-After} sent with 429, 502 and 504. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static final class Builder {
        private int maxConcurrentRequests = 256;
        private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private Duration retrievalTimeout = Duration.ofSeconds(30);
        private int maxHeaderSize = 16 * 1024;
        private int maxInitialLineLength = 8 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int retryAfterSeconds = 1;

        private Builder() {}

        public Builder maxConcurrentRequests(int n) {
            this.maxConcurrentRequests = positive(n, "maxConcurrentRequests");
            return this;
        }

        public Builder workerThreads(int n) {
            this.workerThreads = positive(n, "workerThreads");
            return this;
        }

        public Builder retrievalTimeout(Duration timeout) {
            this.retrievalTimeout = positive(timeout, "retrievalTimeout");
            return this;
        }

        public Builder maxHeaderSize(int bytes) {
            this.maxHeaderSize = positive(bytes, "maxHeaderSize");
            return this;
        }

        public Builder maxInitialLineLength(int bytes) {
            this.maxInitialLineLength = positive(bytes, "maxInitialLineLength");
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        public Builder retryAfterSeconds(int seconds) {
            this.retryAfterSeconds = positive(seconds, "retryAfterSeconds");
            return this;
        }

        public GatewayOptions build() {
            return new GatewayOptions(this);
        }

        private static int positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + n);
            }
            return n;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
