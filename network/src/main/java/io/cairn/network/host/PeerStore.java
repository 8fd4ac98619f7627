package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What this node knows about other peers: their addresses (each with an expiry) and what identify told us.
 * Thread-safe. Bounded: an implementation keeps at most a fixed number of addresses per peer.
 */
public interface PeerStore {
    /** Adds addresses (without {@code /p2p}) for {@code peer}, each valid for {@code ttl} from now. */
    void addAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl);

    /** Unexpired addresses of {@code peer}, most recently confirmed first. */
    List<Multiaddr> addresses(PeerId peer);

    /** Records what identify said; replaces earlier protocols. */
    void recordIdentify(PeerInfo info);

    Optional<PeerInfo> info(PeerId peer);

    /** Peers with at least one unexpired address. */
    Set<PeerId> peers();

    /** Drops everything about {@code peer}. */
    void remove(PeerId peer);
}
