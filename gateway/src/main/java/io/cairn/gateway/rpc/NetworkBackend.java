package io.cairn.gateway.rpc;

import java.io.IOException;
import java.util.List;

/**
 * The RPC API's view of a running node's network, in plain values so the gateway module stays free of the
 * network module: peers as text peer IDs, addresses as text multiaddrs.
 */
public interface NetworkBackend {
    /** One open connection: the peer's address as we see it, its peer ID and who dialed. */
    record SwarmPeer(String address, String peerId, boolean outbound) {
    }

    List<SwarmPeer> peers();

    /**
     * Connects to {@code multiaddr} (which must end in {@code /p2p/ID}); returns the peer ID once the connection
     * is up.
     *
     * @throws RpcException for an address that cannot be parsed or dialed
     */
    String connect(String multiaddr) throws IOException;

    /** Full addresses of this node ({@code .../p2p/ID}) as peers should dial them. */
    List<String> addresses();

    /** The protocols this node serves, sorted. */
    List<String> protocols();

    /** A peer and the addresses we know for it. */
    record PeerAddresses(String peerId, List<String> addresses) {
    }

    /**
     * Up to {@code max} providers of {@code cid} found through the DHT (and this node's own records).
     *
     * @throws RpcException when the node runs without a DHT
     */
    List<PeerAddresses> findProviders(io.cairn.core.multiformats.Cid cid, int max) throws IOException;

    /** Announces that this node provides {@code cid}; returns once the announcement was sent. */
    void provide(io.cairn.core.multiformats.Cid cid) throws IOException;

    /** The addresses of {@code peerId}, found through the DHT; empty when nobody knows it. */
    java.util.Optional<PeerAddresses> findPeer(String peerId) throws IOException;

    /**
     * What the node's provider has done since it started ({@code provide/stat}); times in epoch milliseconds, 0 when
     * there is no such time.
     *
     * @param keys keys provided (reprovided every interval)
     * @param queueLength keys waiting for their first announcement
     * @param regions keyspace regions in the reprovide schedule
     * @param prefixLength the prefix length, in bits, of new regions (-1 before the routing table was seen)
     * @param sweepsInFlight region walks running now
     * @param sweeps walks finished
     * @param failedSweeps walks that reached nobody (retried later)
     * @param lookups FIND_NODE lookups the walks ran
     * @param lookupRequests FIND_NODE requests those lookups sent
     * @param keysProvided keys announced (a key counted once per announcement)
     * @param addProviderMessages ADD_PROVIDER messages sent
     * @param streams streams that carried them (one per peer and walk)
     * @param failedStreams streams that could not be written
     * @param keysPerSecond keys announced per second over the last cycle (the current one before any ended)
     * @param lastCycleStart start of the last finished reprovide cycle
     * @param lastCycleEnd its end
     * @param lastCycleKeys keys reprovided in it
     * @param currentCycleStart start of the cycle in progress
     * @param currentCycleKeys keys announced in it so far
     */
    record ProvideStat(long keys, long queueLength, int regions, int prefixLength, int sweepsInFlight, long sweeps,
            long failedSweeps, long lookups, long lookupRequests, long keysProvided, long addProviderMessages,
            long streams, long failedStreams, double keysPerSecond, long lastCycleStart, long lastCycleEnd,
            long lastCycleKeys, long currentCycleStart, long currentCycleKeys) {
    }

    /**
     * The provider's statistics.
     *
     * @throws RpcException when the node runs without a DHT
     */
    default ProvideStat provideStat() throws IOException {
        throw new RpcException("providing is not available: this node runs without a DHT");
    }
}
