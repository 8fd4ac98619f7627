package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import java.util.List;
import java.util.Objects;

/** A peer named in a kad-dht message ({@code Message.Peer}): its ID, the addresses the sender knows, a hint. */
public record DhtPeer(PeerId id, List<Multiaddr> addresses, ConnectionType connection) {
    public DhtPeer {
        Objects.requireNonNull(id, "id");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(connection, "connection");
    }

    public static DhtPeer of(PeerId id, List<Multiaddr> addresses) {
        return new DhtPeer(id, addresses, ConnectionType.NOT_CONNECTED);
    }
}
