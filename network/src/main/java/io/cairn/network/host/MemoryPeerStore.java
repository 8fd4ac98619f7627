package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.core.peer.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An in-memory {@link PeerStore}. Bounds: {@value #MAX_ADDRESSES_PER_PEER} addresses per peer (the ones expiring
 * soonest are dropped first) and a fixed number of peers (the least recently updated are forgotten), so a flood
 * of identify messages or DHT records cannot grow it without limit.
 */
public final class MemoryPeerStore implements PeerStore {
    static final int MAX_ADDRESSES_PER_PEER = 32;

    private final int maxPeers;
    private final LongSupplier nanoClock;
    /** Access-ordered, so iteration starts at the least recently touched peer. Guarded by {@code this}. */
    private final LinkedHashMap<PeerId, Entry> peers = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Entry {
        final Map<Multiaddr, Long> expiries = new LinkedHashMap<>();
        PeerInfo info;
    }

    public MemoryPeerStore(int maxPeers) {
        this(maxPeers, System::nanoTime);
    }

    MemoryPeerStore(int maxPeers, LongSupplier nanoClock) {
        if (maxPeers < 1) {
            throw new IllegalArgumentException("maxPeers must be positive");
        }
        this.maxPeers = maxPeers;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void addAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl) {
        long expiry = nanoClock.getAsLong() + ttl.toNanos();
        Entry e = entry(peer);
        for (Multiaddr a : addresses) {
            Multiaddr plain = a.has(Protocol.P2P) ? a.decapsulate(Protocol.P2P) : a;
            if (plain.isEmpty()) {
                continue;
            }
            e.expiries.merge(plain, expiry, Math::max);
        }
        while (e.expiries.size() > MAX_ADDRESSES_PER_PEER) {
            Multiaddr soonest = e.expiries.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            e.expiries.remove(soonest);
        }
    }

    @Override
    public synchronized List<Multiaddr> addresses(PeerId peer) {
        Entry e = peers.get(peer);
        if (e == null) {
            return List.of();
        }
        long now = nanoClock.getAsLong();
        e.expiries.values().removeIf(exp -> exp - now <= 0);
        List<Map.Entry<Multiaddr, Long>> live = new ArrayList<>(e.expiries.entrySet());
        live.sort(Map.Entry.<Multiaddr, Long>comparingByValue(Comparator.reverseOrder()));
        List<Multiaddr> out = new ArrayList<>(live.size());
        for (Map.Entry<Multiaddr, Long> x : live) {
            out.add(x.getKey());
        }
        return out;
    }

    @Override
    public synchronized void recordIdentify(PeerInfo info) {
        entry(info.peerId()).info = info;
    }

    @Override
    public synchronized Optional<PeerInfo> info(PeerId peer) {
        Entry e = peers.get(peer);
        return e == null ? Optional.empty() : Optional.ofNullable(e.info);
    }

    @Override
    public synchronized Set<PeerId> peers() {
        long now = nanoClock.getAsLong();
        Set<PeerId> out = new HashSet<>();
        for (Map.Entry<PeerId, Entry> e : peers.entrySet()) {
            for (long exp : e.getValue().expiries.values()) {
                if (exp - now > 0) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void remove(PeerId peer) {
        peers.remove(peer);
    }

    private Entry entry(PeerId peer) {
        Entry e = peers.get(peer);
        if (e == null) {
            if (peers.size() >= maxPeers) {
                PeerId eldest = peers.keySet().iterator().next();
                peers.remove(eldest);
            }
            e = new Entry();
            peers.put(peer, e);
        }
        return e;
    }
}
