package io.cairn.core.routing;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simplest store that obeys {@link ProviderStore}'s rules, for property tests to compare real stores against:
 * one list of records in announcement order, searched linearly. A refresh moves a record to the end, so a key's
 * stalest announcement is its first record in the list.
 */
public final class ProviderStoreModel {
    private record Entry(Multihash key, PeerId peer, List<Multiaddr> addresses, long addedAt) {}

    private final ProviderLimits limits;
    private final List<Entry> entries = new ArrayList<>();

    public ProviderStoreModel(ProviderLimits limits) {
        this.limits = limits;
    }

    public boolean addProvider(Multihash key, PeerId peer, List<Multiaddr> addresses, long now) {
        Entry fresh = new Entry(key, peer, ProviderStore.keptAddresses(addresses), now);
        if (entries.removeIf(e -> e.key().equals(key) && e.peer().equals(peer))) {
            entries.add(fresh);
            return true;
        }
        if (countOf(key) >= limits.maxPerKey()) {
            entries.removeIf(e -> e.key().equals(key) && limits.expired(e.addedAt(), now));
            if (countOf(key) >= limits.maxPerKey()) {
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).key().equals(key)) {
                        entries.remove(i);
                        break;
                    }
                }
            }
        }
        if (entries.size() >= limits.maxRecords()) {
            removeExpired(now);
            if (entries.size() >= limits.maxRecords()) {
                return false;
            }
        }
        entries.add(fresh);
        return true;
    }

    public Set<ProviderStore.Provider> providers(Multihash key, long now) {
        Set<ProviderStore.Provider> out = new HashSet<>();
        for (Entry e : entries) {
            if (e.key().equals(key) && !limits.expired(e.addedAt(), now)) {
                out.add(new ProviderStore.Provider(e.peer(),
                        limits.addressesLive(e.addedAt(), now) ? e.addresses() : List.of()));
            }
        }
        return out;
    }

    public void removeExpired(long now) {
        entries.removeIf(e -> limits.expired(e.addedAt(), now));
    }

    public int keyCount() {
        Set<Multihash> keys = new HashSet<>();
        entries.forEach(e -> keys.add(e.key()));
        return keys.size();
    }

    public int recordCount() {
        return entries.size();
    }

    private int countOf(Multihash key) {
        return (int) entries.stream().filter(e -> e.key().equals(key)).count();
    }
}
