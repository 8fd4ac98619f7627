package io.cairn.network.dht;

import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The kad-dht running on a libp2p {@link Host}: the driver that connects the sans-IO core (routing table, lookup,
 * request handler, stores) to real streams. Built by {@link #builder(Host)}, started by {@link #start()}.
 *
 * <p>Every method is thread-safe and non-blocking: results come back as futures, completed on the DHT's own thread.
 * A caller must not block that thread from a continuation either (use the {@code *Async} variants to hop off it).
 * After {@link #close()} pending futures fail with {@link java.util.concurrent.CancellationException}.
 */
public interface KadDht extends AutoCloseable {
    /** go-libp2p-kad-dht's and js's default protocol, that of the public (Amino) DHT. */
    String DEFAULT_PROTOCOL = "/ipfs/kad/1.0.0";

    static KadDhtBuilder builder(Host host) {
        return new KadDhtBuilder(host);
    }

    /**
     * Registers the protocol handler (server mode) and starts listening for peers that identify as DHT servers and
     * the periodic refresh. Does not contact anyone: see {@link #bootstrap()}. Call once.
     */
    void start();

    /** Whether this node answers requests (the resolved {@link DhtMode}); valid after {@link #start()}. */
    boolean isServer();

    /**
     * Connects to the configured bootstrap peers, then looks up our own ID and refreshes every bucket, so the
     * routing table holds our neighbourhood. Completes when done; fails only when no bootstrap peer was reachable
     * and the routing table is empty.
     */
    CompletableFuture<Void> bootstrap();

    /** The k (20) peers nearest to {@code key} (any bytes: a peer ID's, a multihash's), nearest first. */
    CompletableFuture<List<PeerId>> getClosestPeers(byte[] key);

    /** The addresses of {@code peer}: known locally (connected, peer store) or found by a lookup. */
    CompletableFuture<Optional<DhtPeer>> findPeer(PeerId peer);

    /**
     * Up to {@code max} peers that announced {@code key}: this node's own records first, then a GET_PROVIDERS
     * lookup that stops once {@code max} are known. Their announced addresses go into the host's peer store.
     */
    CompletableFuture<List<PeerId>> findProviders(Multihash key, int max);

    /**
     * Announces this node as a provider of {@code key}: records it locally, finds the k peers nearest to the key and
     * sends each an ADD_PROVIDER without waiting for a reply (ADD_PROVIDER has none, as in go). Completes when the
     * announcements were written; fails when none could be.
     */
    CompletableFuture<Void> provide(Multihash key);

    /**
     * Provides {@code keys} by sweeping (see {@link SweepProvider}): they join the provided set and the queue, and
     * are announced region by region, sharing each region's walk, then reprovided every interval. Completes once
     * they are queued, not when announced (see {@link #provideStats()}). Keys already provided are left as they are.
     */
    CompletableFuture<Void> startProviding(Collection<Multihash> keys);

    /** Stops reproviding {@code keys}; records already in the DHT expire on their own. */
    CompletableFuture<Void> stopProviding(Collection<Multihash> keys);

    /** What the sweep provider has done: keys, queue, regions, lookups, ADD_PROVIDER messages, cycles. */
    CompletableFuture<ProvideStats> provideStats();

    /**
     * Stores {@code record} (checked with the validator) locally and on the k peers nearest to its key. Completes
     * with the number of peers that acknowledged it.
     */
    CompletableFuture<Integer> putValue(DhtRecord record);

    /** The best valid value stored at {@code key} (a {@code /pk/...} key, say), here or on the nearest peers. */
    CompletableFuture<Optional<byte[]>> getValue(byte[] key);

    /** A snapshot of the routing table's peers. */
    CompletableFuture<List<PeerId>> routingTablePeers();

    DhtStats stats();

    /** Stops serving, cancels timers and lookups; does not close the host. Idempotent. */
    @Override
    void close();
}
