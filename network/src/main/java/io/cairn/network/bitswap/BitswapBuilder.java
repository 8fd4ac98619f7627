package io.cairn.network.bitswap;

import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Configures and starts {@link Bitswap} on a host. Defaults suit a desktop node; tests shrink the timeouts. */
public final class BitswapBuilder {
    final Host host;
    final BlockStore store;
    Function<Cid, CompletableFuture<List<PeerId>>> providerFinder =
            cid -> CompletableFuture.completedFuture(List.of());
    Duration fetchTimeout = Duration.ofMinutes(2);
    Duration wantTimeout = Duration.ofSeconds(5);
    Duration providerSearchDelay = Duration.ofSeconds(1);
    int maxOutstandingPerSession = 128;
    int maxWantsPerPeer = 1024;
    int turnBytes = 1 << 20;
    int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    int maxInboundStreamsPerPeer = 4;

    BitswapBuilder(Host host, BlockStore store) {
        this.host = Objects.requireNonNull(host, "host");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Finds peers that may have a block beyond the connected ones (the DHT's provider lookup). Called when no
     * connected peer has the block: at once with no peer connected, else after {@link #providerSearchDelay}. The
     * peers it names are dialed through the host's peer store addresses.
     */
    public BitswapBuilder providerFinder(Function<Cid, CompletableFuture<List<PeerId>>> finder) {
        providerFinder = Objects.requireNonNull(finder, "finder");
        return this;
    }

    /** How long a {@code get} may take before it fails with BlockNotFoundException. */
    public BitswapBuilder fetchTimeout(Duration d) {
        fetchTimeout = positive(d);
        return this;
    }

    /** How long a peer may leave a want unanswered before another peer is asked. */
    public BitswapBuilder wantTimeout(Duration d) {
        wantTimeout = positive(d);
        return this;
    }

    public BitswapBuilder providerSearchDelay(Duration d) {
        providerSearchDelay = Objects.requireNonNull(d);
        return this;
    }

    /** Blocks one session wants from the network at once; more gets wait their turn. */
    public BitswapBuilder maxOutstandingPerSession(int n) {
        maxOutstandingPerSession = positive(n);
        return this;
    }

    /** Wants the server holds per peer; further ones are ignored until some are answered. */
    public BitswapBuilder maxWantsPerPeer(int n) {
        maxWantsPerPeer = positive(n);
        return this;
    }

    /** Block bytes one peer gets per server turn before the next peer's turn. */
    public BitswapBuilder turnBytes(int n) {
        turnBytes = positive(n);
        return this;
    }

    /** Threads that read the block store and decode messages (never a Netty event loop). */
    public BitswapBuilder ioThreads(int n) {
        ioThreads = positive(n);
        return this;
    }

    /** Inbound Bitswap streams one peer may have open at once; each holds at most one 4 MiB message. */
    public BitswapBuilder maxInboundStreamsPerPeer(int n) {
        maxInboundStreamsPerPeer = positive(n);
        return this;
    }

    /** Registers the Bitswap protocols on the host and starts serving. */
    public Bitswap start() {
        return new HostBitswap(this);
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
        return n;
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive: " + d);
        }
        return d;
    }
}
