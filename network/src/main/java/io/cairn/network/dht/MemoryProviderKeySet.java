package io.cairn.network.dht;

import io.cairn.core.multiformats.Multihash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@link ProviderKeySet} on the heap: a sorted map from point to multihash. */
final class MemoryProviderKeySet implements ProviderKeySet {
    private final TreeMap<Key, Multihash> byPoint = new TreeMap<>();

    @Override
    public boolean add(Multihash key) {
        return byPoint.putIfAbsent(Key.forMultihash(key), key) == null;
    }

    @Override
    public boolean remove(Multihash key) {
        return byPoint.remove(Key.forMultihash(key), key);
    }

    @Override
    public boolean contains(Multihash key) {
        return key.equals(byPoint.get(Key.forMultihash(key)));
    }

    @Override
    public long size() {
        return byPoint.size();
    }

    @Override
    public long count(KeyspaceRegion region) {
        return range(region).size();
    }

    @Override
    public void forEach(KeyspaceRegion region, Consumer<Multihash> action) {
        range(region).values().forEach(action);
    }

    @Override
    public List<Multihash> list(KeyspaceRegion region, int limit) {
        List<Multihash> out = new ArrayList<>();
        for (Multihash m : range(region).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public Optional<Multihash> ceiling(Key point) {
        Map.Entry<Key, Multihash> e = byPoint.ceilingEntry(point);
        return e == null ? Optional.empty() : Optional.of(e.getValue());
    }

    private Map<Key, Multihash> range(KeyspaceRegion region) {
        return region.length() == 0 ? byPoint : byPoint.subMap(region.first(), true, region.last(), true);
    }
}
