package io.cairn.node.daemon;

import io.cairn.core.multiformats.Multihash;
import io.cairn.network.dht.Key;
import io.cairn.network.dht.KeyspaceRegion;
import io.cairn.network.dht.ProviderKeySet;
import io.cairn.storage.providers.RocksProviderKeySet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * network's {@link ProviderKeySet} over storage's {@link RocksProviderKeySet} (neither module knows the other): a
 * keyspace region is the range between its first and last point.
 */
final class RocksKeySet implements ProviderKeySet {
    private final RocksProviderKeySet set;

    RocksKeySet(RocksProviderKeySet set) {
        this.set = set;
    }

    @Override
    public boolean add(Multihash key) {
        return set.add(key);
    }

    @Override
    public boolean remove(Multihash key) {
        return set.remove(key);
    }

    @Override
    public boolean contains(Multihash key) {
        return set.contains(key);
    }

    @Override
    public long size() {
        return set.size();
    }

    @Override
    public long count(KeyspaceRegion region) {
        return set.count(region.first().toBytes(), region.last().toBytes());
    }

    @Override
    public void forEach(KeyspaceRegion region, Consumer<Multihash> action) {
        set.forEach(region.first().toBytes(), region.last().toBytes(), action);
    }

    @Override
    public List<Multihash> list(KeyspaceRegion region, int limit) {
        return set.list(region.first().toBytes(), region.last().toBytes(), limit);
    }

    @Override
    public Optional<Multihash> ceiling(Key point) {
        return set.ceiling(point.toBytes());
    }
}
