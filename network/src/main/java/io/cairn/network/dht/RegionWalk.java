package io.cairn.network.dht;

import io.cairn.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk of the sweep provider: a sequence of FIND_NODE {@link Lookup}s, one at a time, that finds the DHT servers
 * responsible for a {@link KeyspaceRegion}.
 *
 * <p>Exploring (go-libp2p-kad-dht's {@code closestPeersToPrefix}, written anew): a lookup aimed at a point t inside the
 * region returns the k servers nearest to t; if the farthest of them shares c leading bits with t, every server
 * sharing c + 1 bits with t is nearer than it and so was returned — the region t[:c+1] is <em>covered</em>. The walk
 * aims the next lookup into the first part of the region not yet covered, until none is left. If the region then
 * holds fewer than k servers, the k nearest of its keys reach outside it, so the walk widens to the parent region and
 * covers that too. It also stops after {@code maxLookups} lookups, or after two lookups in a row taught it no new
 * server. Each lookup is seeded with the nearest of the routing table's peers and the servers already found, so the
 * lookups after the first start next to their target and cost few requests.
 *
 * <p>For a handful of keys, exploring costs more than one lookup per key: then the walk just looks up each key
 * ({@code fixed targets}) and keeps the union of the results, which contains every key's k nearest.
 *
 * <p>Invariant when done without failure: for every point in {@link #region()}, its k nearest live servers are among
 * {@link #servers()} (as far as each lookup found the true nearest, which the follow-up phase makes likely).
 */
final class RegionWalk {
    private final PeerId self;
    private final RoutingTable table;
    private final int k;
    private final int alpha;
    private final int maxLookups;
    private final List<byte[]> fixedTargets;
    private final List<KeyspaceRegion> covered = new ArrayList<>();
    private final Map<PeerId, DhtPeer> found = new LinkedHashMap<>();
    private KeyspaceRegion region;
    private Lookup current;
    private int nextFixed;
    private int noFresh;
    private int lookups;
    private int requests;
    private boolean done;
    private boolean failed;

    /** @param fixedTargets key bytes to look up one by one, or {@code null} to explore {@code region} */
    RegionWalk(KeyspaceRegion region, List<byte[]> fixedTargets, PeerId self, RoutingTable table, int k, int alpha,
            int maxLookups) {
        this.region = region;
        this.fixedTargets = fixedTargets;
        this.self = self;
        this.table = table;
        this.k = k;
        this.alpha = alpha;
        this.maxLookups = maxLookups;
    }

    List<Lookup.Request> start(long now) {
        byte[] first = nextTarget();
        return first == null ? List.of() : launch(first, now);
    }

    /** The lookup in progress; reports for any other lookup's requests are stale. */
    Lookup current() {
        return current;
    }

    List<Lookup.Request> onResponse(PeerId peer, DhtMessage response, long now) {
        return after(current.onResponse(peer, response, now), now);
    }

    List<Lookup.Request> onFailure(PeerId peer, long now) {
        return after(current.onFailure(peer, now), now);
    }

    List<Lookup.Request> onTimeout(PeerId peer, long now) {
        return after(current.onTimeout(peer, now), now);
    }

    private List<Lookup.Request> after(List<Lookup.Request> next, long now) {
        if (!current.isDone()) {
            return next;
        }
        learn(current.result(), current.target());
        byte[] target = nextTarget();
        return target == null ? List.of() : launch(target, now);
    }

    private List<Lookup.Request> launch(byte[] target, long now) {
        while (true) {
            Key t = Key.of(target);
            List<DhtPeer> seeds = new ArrayList<>(k * 2);
            for (PeerId p : table.closest(t, k)) {
                seeds.add(DhtPeer.of(p, table.addresses(p)));
            }
            for (DhtPeer p : found.values()) {
                if (!table.contains(p.id())) {
                    seeds.add(p);
                }
            }
            seeds.sort((a, b) -> Key.compareDistance(t, Key.forPeer(a.id()), Key.forPeer(b.id())));
            current = Lookup.findNode(target).self(self).k(k).alpha(alpha)
                    .seeds(seeds.subList(0, Math.min(k, seeds.size()))).build();
            List<Lookup.Request> first = current.start(now);
            if (!current.isDone()) {
                return first;
            }
            learn(current.result(), t);
            target = nextTarget();
            if (target == null) {
                return List.of();
            }
        }
    }

    private void learn(LookupResult r, Key target) {
        lookups++;
        requests += r.requestsSent();
        List<DhtPeer> closest = r.closest();
        if (closest.isEmpty()) {
            noFresh++;
            if (found.isEmpty()) {
                failed = true;
            }
            return;
        }
        boolean fresh = false;
        for (DhtPeer p : closest) {
            fresh |= found.putIfAbsent(p.id(), p) == null;
        }
        noFresh = fresh ? 0 : noFresh + 1;
        int c = target.commonPrefixLength(Key.forPeer(closest.get(closest.size() - 1).id()));
        covered.add(KeyspaceRegion.of(target, Math.min(c + 1, Key.BITS)));
    }

    /** The key bytes of the next lookup, or null when the walk is done. */
    private byte[] nextTarget() {
        if (failed || done) {
            done = true;
            return null;
        }
        if (fixedTargets != null) {
            if (nextFixed < fixedTargets.size()) {
                return fixedTargets.get(nextFixed++);
            }
            done = true;
            return null;
        }
        if (noFresh >= 2 || lookups >= maxLookups) {
            done = true;
            return null;
        }
        while (true) {
            KeyspaceRegion gap = firstGap(region);
            if (gap != null) {
                return PrefixTargets.inside(gap);
            }
            if (region.length() == 0 || serversIn(region) >= k) {
                done = true;
                return null;
            }
            region = region.parent();
        }
    }

    private KeyspaceRegion firstGap(KeyspaceRegion r) {
        boolean inside = false;
        for (KeyspaceRegion c : covered) {
            if (c.contains(r)) {
                return null;
            }
            inside |= r.contains(c);
        }
        if (!inside || r.length() == Key.BITS) {
            return r;
        }
        KeyspaceRegion g = firstGap(r.child(false));
        return g != null ? g : firstGap(r.child(true));
    }

    /** How many of the servers found lie in {@code r}. */
    int serversIn(KeyspaceRegion r) {
        int n = 0;
        for (DhtPeer p : found.values()) {
            if (r.contains(Key.forPeer(p.id()))) {
                n++;
            }
        }
        return n;
    }

    boolean isDone() {
        return done;
    }

    /** No server could be reached at all: the sweep must be retried. */
    boolean failed() {
        return failed;
    }

    /** The region the walk covered: the one asked for, or an enclosing one when that held fewer than k servers. */
    KeyspaceRegion region() {
        return region;
    }

    /** Every server that answered one of the walk's lookups as one of the k nearest to its target. */
    Collection<DhtPeer> servers() {
        return found.values();
    }

    int lookups() {
        return lookups;
    }

    int requests() {
        return requests;
    }
}
