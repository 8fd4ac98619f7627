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
}
