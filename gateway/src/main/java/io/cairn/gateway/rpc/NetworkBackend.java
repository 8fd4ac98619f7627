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
}
