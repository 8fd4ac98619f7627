package io.cairn.testnet.sim;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.DhtRequestHandler;
import io.cairn.network.dht.Key;
import io.cairn.network.dht.MemoryProviderStore;
import io.cairn.network.dht.MemoryRecordStore;
import io.cairn.network.dht.RecordValidator;
import io.cairn.network.dht.RoutingTable;
import java.util.List;

/**
 * One simulated DHT server: the real routing table, provider store and request handler of Cairn's DHT, plus what the
 * simulator needs to place it (its base latency) and to play it (alive, adversarial, stable). A node that leaves
 * drops its state, as a stopped process does; the network keeps the empty shell so late messages find it dead.
 */
final class SimNode {
    final int index;
    final PeerId id;
    final Key key;
    final List<Multiaddr> addresses;
    final DhtPeer record;
    /** Half of this node's contribution to a round trip: rtt(a, b) = a.baseMillis + b.baseMillis. */
    final long baseMillis;
    /** Null for an honest node; set before the network runs. */
    Adversary behaviour;
    RoutingTable table;
    MemoryProviderStore providers;
    DhtRequestHandler handler;
    boolean alive = true;
    /** Exempt from churn: the providers and the observers whose records and lookups are being measured. */
    boolean stable;
    /** Position in the network's list of live nodes, for O(1) removal; -1 when gone. */
    int livePos = -1;

    SimNode(int index, PeerId id, long baseMillis, Adversary behaviour, int k) {
        this.index = index;
        this.id = id;
        this.key = Key.forPeer(id);
        this.addresses = List.of(Multiaddr.parse("/ip4/10." + (index >> 16 & 255) + "." + (index >> 8 & 255) + "."
                + (index & 255) + "/tcp/4001"));
        this.record = DhtPeer.of(id, addresses);
        this.baseMillis = baseMillis;
        this.behaviour = behaviour;
        // All simulated nodes sit in 10.0.0.0/8, so the IP diversity filter (a per-/16 limit) is off, as on a
        // loopback test network; the simulation measures routing, not the filter.
        this.table = RoutingTable.builder(id).bucketSize(k).diversityFilter(false).build();
        this.providers = new MemoryProviderStore(20, 1_000_000);
        this.handler = new DhtRequestHandler(id, table, providers, new MemoryRecordStore(16),
                RecordValidator.standard(), p -> List.of());
    }

    boolean honest() {
        return behaviour == null;
    }

    /** The node stops: its tables and records go with its process. */
    void leave() {
        alive = false;
        table = null;
        providers = null;
        handler = null;
    }
}
