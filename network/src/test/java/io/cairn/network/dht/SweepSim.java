package io.cairn.network.dht;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A driver of {@link SweepProvider} over a {@link SimNetwork}, as the Netty driver and the testnet simulator drive it:
 * requests go through the codec to the target node's real handler and come back in a random (seeded) order, one
 * millisecond each; every ADD_PROVIDER of a batch is handled by its peer at once. Dead nodes time out.
 */
final class SweepSim {
    final SimNetwork net;
    final SimNetwork.Node node;
    SweepProvider provider;
    final Random random;
    final DhtPeer self;
    long requestsDelivered;
    long addProvidersDelivered;
    /** Called with (key, time) for every key announced, once per batch-carrying sweep completion per peer set. */
    BiConsumer<Multihash, Long> onAnnounced = (m, t) -> { };
    private final List<SweepProvider.Request> pending = new ArrayList<>();

    SweepSim(SimNetwork net, SimNetwork.Node node, SweepProvider provider, long seed) {
        this.net = net;
        this.node = node;
        this.provider = provider;
        this.random = new Random(seed);
        this.self = DhtPeer.of(node.id, node.addresses);
    }

    static List<Multihash> keys(int n, long seed) {
        List<Multihash> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Multihash.digest(HashFunction.SHA2_256,
                    ByteBuffer.allocate(16).putLong(seed).putLong(i).array()));
        }
        return out;
    }

    /** Polls at the network's current time and runs every sweep started to its end. */
    void pollAndRun() {
        take(provider.poll(net.now, node.table));
        while (!pending.isEmpty()) {
            SweepProvider.Request r = pending.remove(random.nextInt(pending.size()));
            net.now++;
            requestsDelivered++;
            SimNetwork.Node to = net.nodes.get(r.peer());
            if (to == null || !to.alive) {
                take(provider.onTimeout(r.id(), net.now));
                continue;
            }
            DhtMessage wire = DhtMessageCodec.decode(DhtMessageCodec.encode(r.message()));
            DhtMessage answer = to.handler.handle(node.id, wire, net.now).orElseThrow();
            take(provider.onResponse(r.id(), DhtMessageCodec.decode(DhtMessageCodec.encode(answer)), net.now));
        }
    }

    /** Polls until the queue is empty and nothing is in flight (a bounded number of rounds). */
    void provideAll() {
        for (int i = 0; i < 100_000 && (provider.queueLength() > 0 || provider.sweepsInFlight() > 0); i++) {
            pollAndRun();
        }
    }

    private void take(SweepProvider.Actions a) {
        pending.addAll(a.requests());
        Set<Multihash> announced = new HashSet<>();
        for (SweepProvider.ProvideBatch b : a.batches()) {
            SimNetwork.Node to = net.nodes.get(b.peer());
            boolean ok = to != null && to.alive;
            if (ok) {
                for (DhtMessage m : b.messages(self)) {
                    DhtMessage wire = DhtMessageCodec.decode(DhtMessageCodec.encode(m));
                    to.handler.handle(node.id, wire, net.now);
                    addProvidersDelivered++;
                }
            }
            provider.onBatchSent(b, ok);
            announced.addAll(b.keys());
        }
        for (Multihash m : announced) {
            onAnnounced.accept(m, net.now);
        }
    }
}
