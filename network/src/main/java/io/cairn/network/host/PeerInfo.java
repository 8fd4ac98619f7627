package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PublicKey;
import java.util.List;

/** What a peer told us about itself through identify. */
public record PeerInfo(PeerId peerId, PublicKey publicKey, String protocolVersion, String agentVersion,
        List<Multiaddr> listenAddresses, List<String> protocols, Multiaddr observedAddress) {
    public PeerInfo {
        listenAddresses = List.copyOf(listenAddresses);
        protocols = List.copyOf(protocols);
    }
}
