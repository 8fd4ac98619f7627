package io.cairn.network.yamux;

/**
 * Settings of one Yamux session. The defaults follow go-yamux where it has one (256 KiB initial window growing up to
 * 16 MiB, 256 streams not yet acknowledged) and are otherwise chosen to bound memory per connection.
 */
public final class YamuxConfig {
    /** The window every Yamux stream starts with by protocol; a larger initial window is announced on SYN/ACK. */
    public static final int PROTOCOL_INITIAL_WINDOW = 256 * 1024;

    private static final YamuxConfig DEFAULTS = builder().build();

    private final int initialStreamWindow;
    private final int maxStreamWindow;
    private final long maxWindowGrowthPerConnection;
    private final int maxInboundStreams;
    private final int maxStreams;
    private final int maxUnackedOutboundStreams;
    private final int maxFrameSize;

    private YamuxConfig(Builder b) {
        this.initialStreamWindow = b.initialStreamWindow;
        this.maxStreamWindow = b.maxStreamWindow;
        this.maxWindowGrowthPerConnection = b.maxWindowGrowthPerConnection;
        this.maxInboundStreams = b.maxInboundStreams;
        this.maxStreams = b.maxStreams;
        this.maxUnackedOutboundStreams = b.maxUnackedOutboundStreams;
        this.maxFrameSize = b.maxFrameSize;
    }

    public static YamuxConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The receive window each stream announces when it opens or is accepted (>= 256 KiB). */
    public int initialStreamWindow() {
        return initialStreamWindow;
    }

    /** The largest a stream's receive window grows to, and so the most unread data one stream may buffer. */
    public int maxStreamWindow() {
        return maxStreamWindow;
    }

    /** The sum, over a connection's streams, of window growth past the initial window (bounds memory per peer). */
    public long maxWindowGrowthPerConnection() {
        return maxWindowGrowthPerConnection;
    }

    /** Open streams the remote may have opened at once; a SYN beyond it is answered with RST. */
    public int maxInboundStreams() {
        return maxInboundStreams;
    }

    /** Open streams in both directions at once; inbound beyond it are reset, outbound opens fail. */
    public int maxStreams() {
        return maxStreams;
    }

    /** Outbound streams whose SYN the remote has not acknowledged; further opens wait for an ACK. */
    public int maxUnackedOutboundStreams() {
        return maxUnackedOutboundStreams;
    }

    /** The largest data frame this side sends (frames are also bounded by the remote's window). */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Builds a {@link YamuxConfig}; every setter rejects a value outside its range. */
    public static final class Builder {
        private int initialStreamWindow = PROTOCOL_INITIAL_WINDOW;
        private int maxStreamWindow = 16 * 1024 * 1024;
        private long maxWindowGrowthPerConnection = 64L * 1024 * 1024;
        private int maxInboundStreams = 256;
        private int maxStreams = 1024;
        private int maxUnackedOutboundStreams = 256;
        private int maxFrameSize = 64 * 1024;

        private Builder() {
        }

        public Builder initialStreamWindow(int bytes) {
            if (bytes < PROTOCOL_INITIAL_WINDOW) {
                throw new IllegalArgumentException("initial window below the protocol's 256 KiB: " + bytes);
            }
            this.initialStreamWindow = bytes;
            return this;
        }

        public Builder maxStreamWindow(int bytes) {
            if (bytes < PROTOCOL_INITIAL_WINDOW) {
                throw new IllegalArgumentException("max window below the protocol's 256 KiB: " + bytes);
            }
            this.maxStreamWindow = bytes;
            return this;
        }

        public Builder maxWindowGrowthPerConnection(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative window growth budget: " + bytes);
            }
            this.maxWindowGrowthPerConnection = bytes;
            return this;
        }

        public Builder maxInboundStreams(int streams) {
            this.maxInboundStreams = positive(streams, "maxInboundStreams");
            return this;
        }

        public Builder maxStreams(int streams) {
            this.maxStreams = positive(streams, "maxStreams");
            return this;
        }

        public Builder maxUnackedOutboundStreams(int streams) {
            this.maxUnackedOutboundStreams = positive(streams, "maxUnackedOutboundStreams");
            return this;
        }

        public Builder maxFrameSize(int bytes) {
            if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("max frame size outside 1 KiB..16 MiB: " + bytes);
            }
            this.maxFrameSize = bytes;
            return this;
        }

        public YamuxConfig build() {
            if (maxStreamWindow < initialStreamWindow) {
                throw new IllegalArgumentException("max window " + maxStreamWindow + " < initial window "
                        + initialStreamWindow);
            }
            return new YamuxConfig(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }
    }
}
