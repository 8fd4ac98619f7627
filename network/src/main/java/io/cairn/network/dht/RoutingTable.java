package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kademlia routing table of go-libp2p-kbucket: peers grouped by the length of the prefix their {@link Key} shares
 * with the local key, at most {@code k} per bucket.
 *
 * <p>Design, as kbucket's. Buckets unfold lazily: bucket {@code i < last} holds exactly the peers of common prefix
 * length {@code i}; the last bucket holds every peer of length {@code >= last}. When the last bucket is full and a
 * newcomer lands in it, it splits (the peers of length {@code > last} move to a new last bucket) until the newcomer's
 * bucket has room or its own length has a dedicated full bucket. Removing a peer folds empty buckets back at the end.
 *
 * <p>Live peers are kept over newcomers: a full bucket only takes a newcomer in place of a peer added as
 * {@code replaceable} (go: peers learnt while bootstrapping); otherwise the newcomer waits in a per-length replacement
 * list (newest first, at most {@code k}) and is promoted when {@link #remove} evicts a peer of that length — which
 * the driver does when a peer failed to answer. Liveness is the driver's: it reports answers with
 * {@link #markAnswered} and asks {@link #notAnsweredSince} which peers to check.
 *
 * <p>Only DHT servers enter the table (libp2p kad-dht spec: clients would pollute it); the driver says which peers
 * are servers, having learnt it from identify. With the diversity filter on (the default; turn it off for loopback
 * test networks) a peer must have an IP address and its IP groups must be under the filter's limits.
 *
 * <p>Invariants: no bucket holds more than {@code k} peers; every peer is in the bucket of its prefix length
 * (clamped to the last); the local peer is never in the table; {@code byId} indexes exactly the bucket contents.
 * Time is the driver's clock in milliseconds; nothing here reads a clock.
 */
public final class RoutingTable {
    /** What {@link #tryAdd} did. */
    public enum AddResult {
        ADDED,
        /** Already present; its addresses were refreshed. */
        ALREADY_PRESENT,
        /** Its bucket is full of live peers; the peer is kept as a replacement candidate. */
        BUCKET_FULL,
        REJECTED_NOT_SERVER,
        REJECTED_DIVERSITY,
        REJECTED_SELF
    }

    private static final class Entry {
        final PeerId id;
        final Key key;
        final int cpl;
        List<Multiaddr> addresses;
        final List<String> groups;
        final boolean replaceable;
        long lastAnsweredAt;

        Entry(PeerId id, Key key, int cpl, List<Multiaddr> addresses, List<String> groups, boolean replaceable,
                long now) {
            this.id = id;
            this.key = key;
            this.cpl = cpl;
            this.addresses = addresses;
            this.groups = groups;
            this.replaceable = replaceable;
            this.lastAnsweredAt = now;
        }
    }

    private record Candidate(PeerId id, List<Multiaddr> addresses) {}

    private final PeerId localPeer;
    private final Key localKey;
    private final int k;
    private final IpGroupFilter filter;
    private final List<List<Entry>> buckets = new ArrayList<>();
    private final Map<PeerId, Entry> byId = new HashMap<>();
    private final Map<Integer, ArrayDeque<Candidate>> replacements = new HashMap<>();

    private RoutingTable(Builder b) {
        this.localPeer = b.localPeer;
        this.localKey = Key.forPeer(b.localPeer);
        this.k = b.bucketSize;
        this.filter = b.diversityFilter ? new IpGroupFilter(b.maxPerIpGroupPerCpl, b.maxPerIpGroupInTable) : null;
        buckets.add(new ArrayList<>());
    }

    public static Builder builder(PeerId localPeer) {
        return new Builder(localPeer);
    }

    public PeerId localPeer() {
        return localPeer;
    }

    public Key localKey() {
        return localKey;
    }

    public int bucketSize() {
        return k;
    }

    /** {@link #tryAdd(PeerId, List, boolean, boolean, long)} for a peer that is not replaceable. */
    public AddResult tryAdd(PeerId peer, List<Multiaddr> addresses, boolean server, long now) {
        return tryAdd(peer, addresses, server, false, now);
    }

    /**
     * Offers a peer that answered a DHT request or connected to us. {@code addresses} are the ones it is reached at;
     * the diversity filter groups them (the driver should give the connection's remote address). A peer already in
     * the table keeps its place and gets the new addresses when any are given.
     */
    public AddResult tryAdd(PeerId peer, List<Multiaddr> addresses, boolean server, boolean replaceable, long now) {
        if (peer.equals(localPeer)) {
            return AddResult.REJECTED_SELF;
        }
        Entry existing = byId.get(peer);
        if (existing != null) {
            if (!addresses.isEmpty()) {
                existing.addresses = List.copyOf(addresses);
            }
            return AddResult.ALREADY_PRESENT;
        }
        if (!server) {
            return AddResult.REJECTED_NOT_SERVER;
        }
        Key key = Key.forPeer(peer);
        int cpl = key.commonPrefixLength(localKey);
        List<String> groups = List.of();
        if (filter != null) {
            groups = IpGroupFilter.groupsOf(addresses);
            if (!filter.allows(cpl, groups)) {
                return AddResult.REJECTED_DIVERSITY;
            }
        }
        Entry e = new Entry(peer, key, cpl, List.copyOf(addresses), groups, replaceable, now);
        List<Entry> bucket = buckets.get(bucketIndex(cpl));
        if (bucket.size() >= k && bucketIndex(cpl) == buckets.size() - 1) {
            unfold();
            bucket = buckets.get(bucketIndex(cpl));
        }
        if (bucket.size() < k) {
            insert(bucket, e);
            return AddResult.ADDED;
        }
        for (Entry victim : bucket) {
            if (victim.replaceable) {
                insert(bucket, e);
                removeEntry(victim, false);
                return AddResult.ADDED;
            }
        }
        rememberCandidate(cpl, peer, e.addresses);
        return AddResult.BUCKET_FULL;
    }

    private void insert(List<Entry> bucket, Entry e) {
        bucket.add(0, e);
        byId.put(e.id, e);
        if (filter != null) {
            filter.add(e.cpl, e.groups);
        }
        ArrayDeque<Candidate> c = replacements.get(e.cpl);
        if (c != null) {
            c.removeIf(x -> x.id.equals(e.id));
        }
    }

    private void rememberCandidate(int cpl, PeerId peer, List<Multiaddr> addresses) {
        ArrayDeque<Candidate> c = replacements.computeIfAbsent(cpl, x -> new ArrayDeque<>());
        c.removeIf(x -> x.id.equals(peer));
        c.addFirst(new Candidate(peer, addresses));
        while (c.size() > k) {
            c.removeLast();
        }
    }

    /** Splits the last bucket until it is not full, as kbucket's {@code nextBucket}. */
    private void unfold() {
        while (buckets.size() < Key.BITS) {
            int last = buckets.size() - 1;
            List<Entry> stay = new ArrayList<>();
            List<Entry> move = new ArrayList<>();
            for (Entry e : buckets.get(last)) {
                (e.cpl > last ? move : stay).add(e);
            }
            buckets.set(last, stay);
            buckets.add(move);
            if (move.size() < k) {
                return;
            }
        }
    }

    private int bucketIndex(int cpl) {
        return Math.min(cpl, buckets.size() - 1);
    }

    /** Records that {@code peer} answered a request at {@code now}; false when it is not in the table. */
    public boolean markAnswered(PeerId peer, long now) {
        Entry e = byId.get(peer);
        if (e == null) {
            return false;
        }
        e.lastAnsweredAt = Math.max(e.lastAnsweredAt, now);
        return true;
    }

    /** Peers whose last answer (or admission) is before {@code cutoff}: the ones the driver should probe. */
    public List<PeerId> notAnsweredSince(long cutoff) {
        List<PeerId> out = new ArrayList<>();
        for (Entry e : byId.values()) {
            if (e.lastAnsweredAt < cutoff) {
                out.add(e.id);
            }
        }
        return out;
    }

    /**
     * Evicts {@code peer} (it failed to answer, or left the DHT) and promotes the newest replacement candidate of the
     * same prefix length that the filter admits. Also forgets {@code peer} as a candidate. True when it was in the
     * table.
     */
    public boolean remove(PeerId peer) {
        Entry e = byId.get(peer);
        for (ArrayDeque<Candidate> c : replacements.values()) {
            c.removeIf(x -> x.id.equals(peer));
        }
        if (e == null) {
            return false;
        }
        removeEntry(e, true);
        return true;
    }

    private void removeEntry(Entry e, boolean promote) {
        buckets.get(bucketIndex(e.cpl)).remove(e);
        byId.remove(e.id);
        if (filter != null) {
            filter.remove(e.cpl, e.groups);
        }
        fold();
        if (promote) {
            ArrayDeque<Candidate> c = replacements.get(e.cpl);
            while (c != null && !c.isEmpty()) {
                Candidate next = c.pollFirst();
                if (tryAdd(next.id, next.addresses, true, e.lastAnsweredAt) == AddResult.ADDED) {
                    break;
                }
            }
        }
    }

    /** kbucket's removal rule: drop an empty last bucket, or fold the last into an emptied second-to-last. */
    private void fold() {
        while (buckets.size() > 1) {
            int last = buckets.size() - 1;
            if (buckets.get(last).isEmpty()) {
                buckets.remove(last);
            } else if (buckets.get(last - 1).isEmpty()) {
                buckets.set(last - 1, buckets.get(last));
                buckets.remove(last);
            } else {
                return;
            }
        }
    }

    /**
     * The {@code n} peers nearest to {@code target} by XOR distance, nearest first. Exact, as kbucket's
     * {@code NearestPeers}: distance ranges are taken whole, nearest first (the target's bucket; then all deeper
     * buckets together, which differ from the target at the same bit; then each shallower bucket), and sorted.
     */
    public List<PeerId> closest(Key target, int n) {
        if (n <= 0 || byId.isEmpty()) {
            return List.of();
        }
        int start = bucketIndex(target.commonPrefixLength(localKey));
        List<Entry> found = new ArrayList<>(n + k);
        found.addAll(buckets.get(start));
        if (found.size() < n) {
            // Every deeper bucket is one distance range (they all differ from the target at bit start): all or none.
            for (int i = start + 1; i < buckets.size(); i++) {
                found.addAll(buckets.get(i));
            }
        }
        for (int i = start - 1; i >= 0 && found.size() < n; i--) {
            found.addAll(buckets.get(i));
        }
        found.sort((a, b) -> Key.compareDistance(target, a.key, b.key));
        List<PeerId> out = new ArrayList<>(Math.min(n, found.size()));
        for (Iterator<Entry> it = found.iterator(); it.hasNext() && out.size() < n; ) {
            out.add(it.next().id);
        }
        return out;
    }

    public boolean contains(PeerId peer) {
        return byId.containsKey(peer);
    }

    /** The addresses last given for {@code peer}; empty when unknown. */
    public List<Multiaddr> addresses(PeerId peer) {
        Entry e = byId.get(peer);
        return e == null ? List.of() : e.addresses;
    }

    public int size() {
        return byId.size();
    }

    public List<PeerId> peers() {
        List<PeerId> out = new ArrayList<>(byId.size());
        for (List<Entry> b : buckets) {
            for (Entry e : b) {
                out.add(e.id);
            }
        }
        return out;
    }

    public int bucketCount() {
        return buckets.size();
    }

    /** The peers of bucket {@code index} (the last bucket also holds every deeper prefix length). */
    public List<PeerId> bucket(int index) {
        Objects.checkIndex(index, buckets.size());
        List<PeerId> out = new ArrayList<>();
        for (Entry e : buckets.get(index)) {
            out.add(e.id);
        }
        return Collections.unmodifiableList(out);
    }

    /** Replacement candidates waiting for a place at prefix length {@code cpl}, newest first. */
    public List<PeerId> replacementCandidates(int cpl) {
        ArrayDeque<Candidate> c = replacements.get(cpl);
        return c == null ? List.of() : c.stream().map(Candidate::id).toList();
    }

    /** Builds a {@link RoutingTable}; defaults are go-libp2p-kad-dht's for the public (Amino) DHT. */
    public static final class Builder {
        private final PeerId localPeer;
        private int bucketSize = 20;
        private boolean diversityFilter = true;
        private int maxPerIpGroupPerCpl = 2;
        private int maxPerIpGroupInTable = 3;

        private Builder(PeerId localPeer) {
            this.localPeer = Objects.requireNonNull(localPeer, "localPeer");
        }

        public Builder bucketSize(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("bucket size " + k);
            }
            this.bucketSize = k;
            return this;
        }

        /** Off for loopback test networks ({@code Routing.LoopbackNetwork}), where every peer shares one group. */
        public Builder diversityFilter(boolean on) {
            this.diversityFilter = on;
            return this;
        }

        public Builder maxPerIpGroup(int perCpl, int inTable) {
            this.maxPerIpGroupPerCpl = perCpl;
            this.maxPerIpGroupInTable = inTable;
            return this;
        }

        public RoutingTable build() {
            return new RoutingTable(this);
        }
    }
}
