package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic in-memory kad-dht network for tests: every node runs the real routing table, stores and request
 * handler; a lookup is driven by delivering its outstanding requests in a random (seeded) order, so answers arrive
 * out of order as over real links. Dead nodes time out. The testnet simulator does the same at scale, with latency.
 */
final class SimNetwork {
    static final class Node {
        final PeerId id;
        final List<Multiaddr> addresses;
        final RoutingTable table;
        final MemoryProviderStore providers = new MemoryProviderStore(20, 100_000);
        final MemoryRecordStore records = new MemoryRecordStore(10_000);
        final DhtRequestHandler handler;
        boolean alive = true;

        Node(PeerId id, int index, SimNetwork net) {
            this.id = id;
            this.addresses = List.of(Multiaddr.parse("/ip4/10." + (index >> 16 & 255) + "." + (index >> 8 & 255) + "."
                    + (index & 255) + "/tcp/4001"));
            this.table = RoutingTable.builder(id).diversityFilter(false).build();
            this.handler = new DhtRequestHandler(id, table, providers, records, RecordValidator.standard(),
                    p -> net.nodes.containsKey(p) ? net.nodes.get(p).addresses : List.of());
        }
    }

    final Map<PeerId, Node> nodes = new HashMap<>();
    final List<Node> list = new ArrayList<>();
    long now;

    /** {@code n} nodes; each offered every other node in its own random order (tables differ in far buckets). */
    static SimNetwork build(int n, long seed) {
        Random random = new Random(seed);
        SimNetwork net = new SimNetwork();
        for (int i = 0; i < n; i++) {
            Node node = new Node(DhtArbitraries.randomPeer(random), i, net);
            net.nodes.put(node.id, node);
            net.list.add(node);
        }
        List<Node> order = new ArrayList<>(net.list);
        for (Node node : net.list) {
            Collections.shuffle(order, random);
            for (Node other : order) {
                node.table.tryAdd(other.id, other.addresses, true, 0);
            }
        }
        return net;
    }

    /** The {@code n} live nodes nearest to {@code target}, by brute force, leaving out {@code except}. */
    List<PeerId> trueClosest(Key target, int n, PeerId except) {
        return list.stream().filter(x -> x.alive && !x.id.equals(except)).map(x -> x.id)
                .sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(target))).limit(n).toList();
    }

    /** Runs {@code lookup} for {@code from} to the end, delivering requests in a random order. */
    LookupResult run(Node from, Lookup lookup, Random random) {
        List<Lookup.Request> pending = new ArrayList<>(lookup.start(now));
        Set<PeerId> asked = new HashSet<>();
        while (!pending.isEmpty() && !lookup.isDone()) {
            Lookup.Request r = pending.remove(random.nextInt(pending.size()));
            if (!asked.add(r.peer())) {
                throw new AssertionError("asked twice: " + r.peer());
            }
            now += 1;
            Node to = nodes.get(r.peer());
            List<Lookup.Request> next;
            if (to == null || !to.alive) {
                next = lookup.onTimeout(r.peer(), now);
            } else {
                DhtMessage wire = DhtMessageCodec.decode(DhtMessageCodec.encode(r.message()));
                DhtMessage answer = to.handler.handle(from.id, wire, now).orElseThrow();
                next = lookup.onResponse(r.peer(), DhtMessageCodec.decode(DhtMessageCodec.encode(answer)), now);
            }
            pending.addAll(next);
        }
        if (!lookup.isDone()) {
            throw new AssertionError("lookup not done with nothing in flight");
        }
        return lookup.result();
    }
}
