package io.cairn.testnet.sim;

import io.cairn.core.multiformats.Multihash;
import io.cairn.network.dht.DhtMessage;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.Lookup;
import java.util.List;

/**
 * Kubo's classic provider, as Cairn's {@code KadDht.provide} does it for one key: a FIND_NODE lookup of the key, then
 * ADD_PROVIDER to each of the k nearest peers it found. Keys are announced one after another, so a batch costs
 * exactly the sum of its keys.
 */
public final class OneLookupPerCid implements ProvideStrategy {
    @Override
    public String name() {
        return "one-lookup";
    }

    @Override
    public void provide(ProvideContext context, List<Multihash> keys, Runnable done) {
        next(context, List.copyOf(keys), 0, done);
    }

    private void next(ProvideContext context, List<Multihash> keys, int i, Runnable done) {
        if (i == keys.size()) {
            done.run();
            return;
        }
        Multihash key = keys.get(i);
        context.lookup(Lookup.findNode(key.toBytes()), r -> {
            DhtMessage announce = DhtMessage.addProvider(key, context.self());
            for (DhtPeer p : r.closest()) {
                context.send(p, announce);
            }
            next(context, keys, i + 1, done);
        });
    }
}
