package io.cairn.network.dht;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The k nearest of a fixed set of servers to any point, without sorting the set per point: the servers are kept in
 * keyspace order, so the servers under any prefix are one contiguous run, and the k nearest to {@code x} are found by
 * descending x's bits — a side that shares x's next bit is nearer than the other side, so when it holds at least the
 * number still wanted the answer lies inside it, and otherwise all of it is taken and the rest comes from the other
 * side. Cost O(k + 256) per point.
 */
final class ClosestServers {
    private final List<DhtPeer> peers;
    private final Key[] keys;

    ClosestServers(Collection<DhtPeer> servers) {
        List<DhtPeer> sorted = new ArrayList<>(servers);
        sorted.sort(Comparator.comparing(p -> Key.forPeer(p.id())));
        this.peers = sorted;
        this.keys = new Key[sorted.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Key.forPeer(sorted.get(i).id());
        }
    }

    int size() {
        return peers.size();
    }

    /** The {@code k} servers nearest to {@code x}, in no particular order. */
    List<DhtPeer> closest(Key x, int k) {
        List<DhtPeer> out = new ArrayList<>(Math.min(k, peers.size()));
        collect(x, 0, peers.size(), 0, k, out);
        return out;
    }

    private void collect(Key x, int lo, int hi, int depth, int need, List<DhtPeer> out) {
        while (need > 0 && lo < hi) {
            if (hi - lo <= need || depth == Key.BITS) {
                out.addAll(peers.subList(lo, Math.min(hi, lo + need)));
                return;
            }
            int mid = lo;
            while (mid < hi && !keys[mid].bit(depth)) {
                mid++;
            }
            boolean one = x.bit(depth);
            int sameLo = one ? mid : lo;
            int sameHi = one ? hi : mid;
            int otherLo = one ? lo : mid;
            int otherHi = one ? mid : hi;
            int same = sameHi - sameLo;
            if (same < need) {
                out.addAll(peers.subList(sameLo, sameHi));
                need -= same;
                lo = otherLo;
                hi = otherHi;
            } else {
                lo = sameLo;
                hi = sameHi;
            }
            depth++;
        }
    }
}
