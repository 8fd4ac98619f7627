package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderLimits;
import io.cairn.core.routing.ProviderStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link ProviderStore} with go's lifetimes (records live 48 h, addresses are served for 24 h) and hard
 * bounds ({@link ProviderLimits}): at most {@code maxPerKey} providers per key (a newcomer replaces the stalest
 * announcement when full), at most {@code maxRecords} records in all (when full, expired records are purged and, if
 * that frees nothing, the newcomer is refused: records already held are not sacrificed to a flood). Keys are
 * bounded by records. {@link #removeExpired} walks every record; storage's {@code RocksProviderStore} is the one
 * whose sweep costs only what it removes, and which survives a restart. Not thread-safe: the DHT calls it from
 * its one thread.
 *
 * <p>Invariant: {@code records} equals the number of (key, provider) entries in {@code byKey}; no key maps to an
 * empty set.
 */
public final class MemoryProviderStore implements ProviderStore {
    public static final long DEFAULT_VALIDITY_MILLIS = ProviderLimits.DEFAULT_VALIDITY_MILLIS;
    public static final long DEFAULT_ADDRESS_TTL_MILLIS = ProviderLimits.DEFAULT_ADDRESS_TTL_MILLIS;

    private record Entry(List<Multiaddr> addresses, long addedAt) {}

    private final int maxPerKey;
    private final int maxRecords;
    private final long validity;
    private final long addressTtl;
    private final Map<Multihash, LinkedHashMap<PeerId, Entry>> byKey = new HashMap<>();
    private int records;

    /**
     * @param maxPerKey providers kept per key
     * @param maxRecords provider records kept in all
     */
    public MemoryProviderStore(int maxPerKey, int maxRecords) {
        this(maxPerKey, maxRecords, DEFAULT_VALIDITY_MILLIS, DEFAULT_ADDRESS_TTL_MILLIS);
    }

    public MemoryProviderStore(int maxPerKey, int maxRecords, long validityMillis, long addressTtlMillis) {
        this(new ProviderLimits(maxPerKey, maxRecords, validityMillis, addressTtlMillis));
    }

    public MemoryProviderStore(ProviderLimits limits) {
        this.maxPerKey = limits.maxPerKey();
        this.maxRecords = limits.maxRecords();
        this.validity = limits.validityMillis();
        this.addressTtl = limits.addressTtlMillis();
    }

    @Override
    public boolean addProvider(Multihash key, PeerId provider, List<Multiaddr> announced, long now) {
        List<Multiaddr> addresses = ProviderStore.keptAddresses(announced);
        LinkedHashMap<PeerId, Entry> set = byKey.get(key);
        if (set != null && set.containsKey(provider)) {
            // Re-insert so iteration order stays oldest announcement first.
            set.remove(provider);
            set.put(provider, new Entry(addresses, now));
            return true;
        }
        if (set != null && set.size() >= maxPerKey) {
            purge(key, set, now);
            if (set.size() >= maxPerKey) {
                Iterator<PeerId> oldest = set.keySet().iterator();
                oldest.next();
                oldest.remove();
                records--;
            }
        }
        if (records >= maxRecords) {
            removeExpired(now);
            if (records >= maxRecords) {
                return false;
            }
        }
        set = byKey.computeIfAbsent(key, x -> new LinkedHashMap<>());
        set.put(provider, new Entry(addresses, now));
        records++;
        return true;
    }

    @Override
    public List<Provider> providers(Multihash key, long now) {
        LinkedHashMap<PeerId, Entry> set = byKey.get(key);
        if (set == null) {
            return List.of();
        }
        List<Provider> out = new ArrayList<>(set.size());
        for (Map.Entry<PeerId, Entry> e : set.entrySet()) {
            long age = now - e.getValue().addedAt();
            if (age < validity) {
                out.add(new Provider(e.getKey(), age < addressTtl ? e.getValue().addresses() : List.of()));
            }
        }
        return out;
    }

    @Override
    public void removeExpired(long now) {
        for (Iterator<Map.Entry<Multihash, LinkedHashMap<PeerId, Entry>>> it = byKey.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Multihash, LinkedHashMap<PeerId, Entry>> e = it.next();
            purge(e.getKey(), e.getValue(), now);
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    /** Drops expired entries of one set; the caller removes the set when it becomes empty. */
    private void purge(Multihash key, LinkedHashMap<PeerId, Entry> set, long now) {
        for (Iterator<Entry> it = set.values().iterator(); it.hasNext(); ) {
            if (now - it.next().addedAt() >= validity) {
                it.remove();
                records--;
            }
        }
    }

    @Override
    public int keyCount() {
        return byKey.size();
    }

    @Override
    public int recordCount() {
        return records;
    }
}
