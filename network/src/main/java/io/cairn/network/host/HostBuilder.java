package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Configures and starts a {@link Host}. Defaults suit a desktop node; tests shrink the limits. */
public final class HostBuilder {
    final Ed25519KeyPair identity;
    final List<Multiaddr> listen = new ArrayList<>();
    int maxConnections = 400;
    int maxConnectionsPerIp = 16;
    Duration dialTimeout = Duration.ofSeconds(10);
    Duration upgradeTimeout = Duration.ofSeconds(10);
    Duration negotiationTimeout = Duration.ofSeconds(10);
    Duration idleTimeout = Duration.ofMinutes(5);
    String agentVersion = "cairn/0.1.0";
    int eventLoopThreads = 0;
    PeerStore peerStore;
    ChannelHook channelHook;

    HostBuilder(Ed25519KeyPair identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** A TCP address to listen on, e.g. {@code /ip4/127.0.0.1/tcp/0} (port 0 picks a free port). */
    public HostBuilder listen(Multiaddr address) {
        listen.add(address);
        return this;
    }

    /** Most connections open at once; inbound connections past it are closed at once. */
    public HostBuilder maxConnections(int n) {
        maxConnections = positive(n);
        return this;
    }

    /** Most inbound connections from one IP address. */
    public HostBuilder maxConnectionsPerIp(int n) {
        maxConnectionsPerIp = positive(n);
        return this;
    }

    /** Limit on TCP connect plus the security and muxer upgrade of an outbound connection. */
    public HostBuilder dialTimeout(Duration d) {
        dialTimeout = d;
        return this;
    }

    /** Limit on the security and muxer upgrade of an inbound connection. */
    public HostBuilder upgradeTimeout(Duration d) {
        upgradeTimeout = d;
        return this;
    }

    /** Limit on agreeing on one stream's protocol. */
    public HostBuilder negotiationTimeout(Duration d) {
        negotiationTimeout = d;
        return this;
    }

    /** A connection with no open stream for this long is closed. */
    public HostBuilder idleTimeout(Duration d) {
        idleTimeout = d;
        return this;
    }

    public HostBuilder agentVersion(String v) {
        agentVersion = v;
        return this;
    }

    /** Netty event loop threads; 0 means one per core. */
    public HostBuilder eventLoopThreads(int n) {
        eventLoopThreads = n;
        return this;
    }

    /** Where peers' addresses are kept; default an in-memory store of 10,000 peers. */
    public HostBuilder peerStore(PeerStore store) {
        peerStore = store;
        return this;
    }

    /** Handlers under the secure channel on every connection's raw bytes (test fault injection); default none. */
    public HostBuilder channelHook(ChannelHook hook) {
        channelHook = hook;
        return this;
    }

    /** Binds the listeners and starts the host. */
    public Host start() throws java.io.IOException {
        return NettyHost.start(this);
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
        return n;
    }
}
