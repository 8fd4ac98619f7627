package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Providing batched by keyspace region (a "sweep"), as a sans-IO state machine: instead of one lookup per key, one
 * walk per {@link KeyspaceRegion} finds the DHT servers responsible for the region, every key in it is given its k
 * nearest of those servers locally, and the ADD_PROVIDER messages come out grouped per peer. It follows the design of
 * go-libp2p-kad-dht's {@code provider.SweepingProvider} (Kubo's {@code Provide.DHT.SweepEnabled}), written anew.
 *
 * <p><b>Cost.</b> A walk costs a few lookups (one per ~k servers of the region, the later ones seeded next to their
 * target), shared by every key of the region: a region holds about N / 2^L servers and K / 2^L of the K keys, so the
 * lookup requests per key fall as K grows, while the ADD_PROVIDER messages (k per key) are the same as ever.
 *
 * <p><b>Schedule.</b> Every key is reprovided once per interval (22 h by default): the {@link ProvideSchedule} gives
 * each region a slot by its keyspace position, so the regions are visited in keyspace order spread over the interval.
 * A new key ({@link #startProviding}) goes into a queue (its own {@link ProviderKeySet}) that is swept region by region
 * at once; only the queued keys are announced then, and the key enters the schedule. A region with at most
 * {@code individualThreshold} keys to announce is served by one plain lookup per key, cheaper than exploring. The
 * region prefix length is first estimated from the routing table (the prefix shared by our k nearest peers, as
 * go's {@code approxPrefixLen}); a walk that finds fewer than k servers in its region widens it, and a reprovide walk
 * splits its region into the smallest parts that each hold k servers, so the schedule follows the network's size.
 *
 * <p><b>Driving it.</b> The driver owns the clock, the routing table and the sockets, and calls from one thread:
 * <ol>
 *   <li>{@link #startProviding}/{@link #stopProviding} as content is added, pinned or removed;</li>
 *   <li>{@link #poll(long, RoutingTable)} at {@link #nextWakeup(long)} (or whenever it likes) — it starts the sweeps
 *       that are due, up to {@code maxConcurrentSweeps};</li>
 *   <li>sends each returned {@link Request} (a FIND_NODE) and reports its outcome once, by id, with
 *       {@link #onResponse}, {@link #onFailure} or {@link #onTimeout} (its own per-request timeout);</li>
 *   <li>sends each returned {@link ProvideBatch}: one stream to the peer carrying
 *       {@link ProvideBatch#messages(DhtPeer)}, written without waiting for replies (ADD_PROVIDER has none), and may
 *       report the delivery with {@link #onBatchSent} for the statistics;</li>
 *   <li>persists {@link #schedule()}{@code .encode()} now and then, and restores it with
 *       {@link Builder#schedule(ProvideSchedule)} next to persistent key sets.</li>
 * </ol>
 * The testnet simulator drives it the same way over its simulated network, and reads {@link #stats(long)}: lookups,
 * lookup requests, keys provided, ADD_PROVIDER messages, per cycle.
 *
 * <p>Invariants: every key in the queue is in the key set; schedule regions are disjoint and each holds at least one
 * key; no two sweeps in flight start on overlapping regions (a walk that widens may come to overlap another, which at
 * worst announces some keys twice); memory is bounded by the key count (schedule entries, queue) plus, per sweep in
 * flight, one lookup and the keys of its region.
 */
public final class SweepProvider {
    /** A FIND_NODE to send for a walk; report its outcome with the same {@code id}. */
    public record Request(long id, PeerId peer, List<Multiaddr> addresses, DhtMessage message) {}

    /** The keys to announce to one peer: one stream, one ADD_PROVIDER per key. */
    public record ProvideBatch(PeerId peer, List<Multiaddr> addresses, List<Multihash> keys) {
        public ProvideBatch {
            addresses = List.copyOf(addresses);
            keys = List.copyOf(keys);
        }

        /** The ADD_PROVIDER messages, announcing {@code self} (our ID and the addresses to reach us at). */
        public List<DhtMessage> messages(DhtPeer self) {
            List<DhtMessage> out = new ArrayList<>(keys.size());
            for (Multihash key : keys) {
                out.add(DhtMessage.addProvider(key, self));
            }
            return out;
        }
    }

    /** What to send now. */
    public record Actions(List<Request> requests, List<ProvideBatch> batches) {
        public static final Actions NONE = new Actions(List.of(), List.of());

        public Actions {
            requests = List.copyOf(requests);
            batches = List.copyOf(batches);
        }

        public boolean isEmpty() {
            return requests.isEmpty() && batches.isEmpty();
        }
    }

    private final class Sweep {
        final KeyspaceRegion requested;
        final boolean reprovide;
        final List<Multihash> fixedKeys;
        final RegionWalk walk;
        final List<Long> ids = new ArrayList<>();

        Sweep(KeyspaceRegion requested, boolean reprovide, List<Multihash> fixedKeys, RegionWalk walk) {
            this.requested = requested;
            this.reprovide = reprovide;
            this.fixedKeys = fixedKeys;
            this.walk = walk;
        }
    }

    private record Pending(Sweep sweep, Lookup lookup, PeerId peer) {}

    private final PeerId self;
    private final Key order;
    private final ProviderKeySet keys;
    private final ProviderKeySet queue;
    private final ProvideSchedule schedule;
    private final int k;
    private final int alpha;
    private final int maxLookupsPerWalk;
    private final int maxConcurrentSweeps;
    private final int individualThreshold;
    private final long retryDelay;
    private final long maxDelay;
    private final List<Sweep> inFlight = new ArrayList<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<KeyspaceRegion, Long> provideRetryAt = new HashMap<>();
    private long nextId = 1;
    private RoutingTable table;

    private long sweeps;
    private long failedSweeps;
    private long lookups;
    private long lookupMessages;
    private long keysProvided;
    private long addProviderMessages;
    private long batches;
    private long batchesFailed;
    private long cycleNumber = -1;
    private long cycleKeys;
    private long cycleReprovided;
    private long cycleRegions;
    private long cycleLookups;
    private long cycleMessages;
    private ProvideStats.Cycle lastCycle;

    private SweepProvider(Builder b) {
        this.self = b.self;
        this.order = Key.forPeer(b.self);
        this.keys = b.keys;
        this.queue = b.queue;
        this.schedule = b.schedule != null ? b.schedule : ProvideSchedule.create(b.interval);
        this.k = b.k;
        this.alpha = b.alpha;
        this.maxLookupsPerWalk = b.maxLookupsPerWalk;
        this.maxConcurrentSweeps = b.maxConcurrentSweeps;
        this.individualThreshold = b.individualThreshold;
        this.retryDelay = b.retryDelay;
        this.maxDelay = b.maxDelay;
    }

    /** A provider for {@code self}; its keys in {@code keys}, its queue of keys not yet provided in {@code queue}. */
    public static Builder builder(PeerId self, ProviderKeySet keys, ProviderKeySet queue) {
        return new Builder(self, keys, queue);
    }

    /**
     * Starts providing {@code key} (after add, pin, import): kept in the key set, reprovided every interval, and
     * queued for a first provide at the next {@link #poll}. False when it was already provided.
     */
    public boolean startProviding(Multihash key) {
        if (!keys.add(key)) {
            return false;
        }
        queue.add(key);
        return true;
    }

    /** Stops providing {@code key}; its records in the DHT expire on their own. False when it was not provided. */
    public boolean stopProviding(Multihash key) {
        if (!keys.remove(key)) {
            return false;
        }
        queue.remove(key);
        ProvideSchedule.Entry e = schedule.find(Key.forMultihash(key));
        if (e != null) {
            recount(e.region(), e.nextDue());
        }
        return true;
    }

    public boolean isProviding(Multihash key) {
        return keys.contains(key);
    }

    /** Keys waiting for their first provide. */
    public long queueLength() {
        return queue.size();
    }

    /** A copy of the schedule, to persist with {@link ProvideSchedule#encode()}. */
    public ProvideSchedule schedule() {
        return schedule.copy();
    }

    /**
     * Starts what is due at {@code now}: reprovides of regions whose time came, then first provides of queued keys,
     * region by region, up to {@code maxConcurrentSweeps} sweeps in flight. {@code table} is the node's routing table,
     * used to seed walks (kept for the walks started now). With an empty table nothing starts: the node is offline.
     */
    public Actions poll(long now, RoutingTable table) {
        this.table = Objects.requireNonNull(table, "table");
        if (table.size() == 0) {
            return Actions.NONE;
        }
        schedule.startCycle(now);
        if (schedule.prefixLength() < 0) {
            schedule.prefixLength(estimatePrefixLength(table, k));
        }
        rollCycle(now);
        List<Request> requests = new ArrayList<>();
        List<ProvideBatch> out = new ArrayList<>();
        List<ProvideSchedule.Entry> due = new ArrayList<>();
        for (ProvideSchedule.Entry e : schedule.byDue()) {
            if (e.nextDue() > now || inFlight.size() + due.size() >= maxConcurrentSweeps) {
                break;
            }
            if (!overlapsInFlight(e.region())) {
                due.add(e);
            }
        }
        for (ProvideSchedule.Entry e : due) {
            start(e.region(), true, now, requests, out);
        }
        provideQueued(now, requests, out);
        return new Actions(requests, out);
    }

    private void provideQueued(long now, List<Request> requests, List<ProvideBatch> out) {
        provideRetryAt.values().removeIf(t -> t <= now);
        Key from = KeyspaceRegion.root().first();
        while (inFlight.size() < maxConcurrentSweeps) {
            Optional<Multihash> next = queue.ceiling(from);
            if (next.isEmpty()) {
                return;
            }
            Key point = Key.forMultihash(next.get());
            ProvideSchedule.Entry e = schedule.find(point);
            KeyspaceRegion r = e != null ? e.region() : KeyspaceRegion.of(point, schedule.prefixLength());
            if (!overlapsInFlight(r) && !provideRetryAt.containsKey(r)) {
                start(r, false, now, requests, out);
            }
            Optional<Key> after = after(r);
            if (after.isEmpty()) {
                return;
            }
            from = after.get();
        }
    }

    /** The first point after {@code r} in keyspace order, if any. */
    private static Optional<Key> after(KeyspaceRegion r) {
        byte[] b = r.last().toBytes();
        for (int i = b.length - 1; i >= 0; i--) {
            if (++b[i] != 0) {
                return Optional.of(Key.fromHash(b));
            }
        }
        return Optional.empty();
    }

    private boolean overlapsInFlight(KeyspaceRegion r) {
        for (Sweep s : inFlight) {
            if (s.requested.overlaps(r) || s.walk.region().overlaps(r)) {
                return true;
            }
        }
        return false;
    }

    private void start(KeyspaceRegion region, boolean reprovide, long now, List<Request> requests,
            List<ProvideBatch> out) {
        ProviderKeySet source = reprovide ? keys : queue;
        List<Multihash> few = source.list(region, individualThreshold + 1);
        List<Multihash> fixed = few.size() <= individualThreshold ? few : null;
        List<byte[]> targets = null;
        if (fixed != null) {
            targets = new ArrayList<>(fixed.size());
            for (Multihash m : fixed) {
                targets.add(m.toBytes());
            }
        }
        RegionWalk walk = new RegionWalk(region, targets, self, table, k, alpha, maxLookupsPerWalk);
        Sweep s = new Sweep(region, reprovide, fixed, walk);
        inFlight.add(s);
        List<Lookup.Request> first = walk.start(now);
        if (walk.isDone()) {
            out.addAll(complete(s, now));
        } else {
            requests.addAll(wrap(s, first));
        }
    }

    private List<Request> wrap(Sweep s, List<Lookup.Request> rs) {
        if (rs.isEmpty()) {
            return List.of();
        }
        List<Request> out = new ArrayList<>(rs.size());
        Lookup lookup = s.walk.current();
        for (Lookup.Request r : rs) {
            long id = nextId++;
            pending.put(id, new Pending(s, lookup, r.peer()));
            s.ids.add(id);
            out.add(new Request(id, r.peer(), r.addresses(), r.message()));
        }
        return out;
    }

    /** The peer of request {@code id} answered {@code response}. Unknown or stale ids are ignored. */
    public Actions onResponse(long id, DhtMessage response, long now) {
        Pending p = take(id);
        return p == null ? Actions.NONE : advance(p, p.sweep.walk.onResponse(p.peer, response, now), now);
    }

    /** Request {@code id} failed (dial error, reset, malformed answer). */
    public Actions onFailure(long id, long now) {
        Pending p = take(id);
        return p == null ? Actions.NONE : advance(p, p.sweep.walk.onFailure(p.peer, now), now);
    }

    /** Request {@code id} got no answer within the driver's timeout. */
    public Actions onTimeout(long id, long now) {
        Pending p = take(id);
        return p == null ? Actions.NONE : advance(p, p.sweep.walk.onTimeout(p.peer, now), now);
    }

    private Pending take(long id) {
        Pending p = pending.remove(id);
        if (p == null) {
            return null;
        }
        p.sweep.ids.remove(id);
        return p.lookup == p.sweep.walk.current() && !p.sweep.walk.isDone() ? p : null;
    }

    private Actions advance(Pending p, List<Lookup.Request> next, long now) {
        Sweep s = p.sweep;
        if (s.walk.current() != p.lookup || s.walk.isDone()) {
            // The lookup those requests belonged to is over: their late answers are of no use.
            for (Iterator<Long> it = s.ids.iterator(); it.hasNext(); ) {
                Long id = it.next();
                Pending q = pending.get(id);
                if (q == null || q.lookup != s.walk.current() || s.walk.isDone()) {
                    pending.remove(id);
                    it.remove();
                }
            }
        }
        if (s.walk.isDone()) {
            return new Actions(List.of(), complete(s, now));
        }
        return new Actions(wrap(s, next), List.of());
    }

    /** The driver's report on a batch it was given; counted in the statistics only. */
    public void onBatchSent(ProvideBatch batch, boolean delivered) {
        if (!delivered) {
            batchesFailed++;
        }
    }

    private List<ProvideBatch> complete(Sweep s, long now) {
        inFlight.remove(s);
        for (Long id : s.ids) {
            pending.remove(id);
        }
        s.ids.clear();
        RegionWalk w = s.walk;
        lookups += w.lookups();
        lookupMessages += w.requests();
        cycleLookups += w.lookups();
        cycleMessages += w.requests();
        if (w.failed() || w.servers().isEmpty()) {
            failedSweeps++;
            if (s.reprovide) {
                ProvideSchedule.Entry e = schedule.entry(s.requested);
                if (e != null) {
                    schedule.put(new ProvideSchedule.Entry(e.region(), now + retryDelay, e.keys()));
                }
            } else {
                provideRetryAt.put(s.requested, now + retryDelay);
            }
            return List.of();
        }
        KeyspaceRegion covered = w.region();
        List<Multihash> announce = new ArrayList<>();
        if (s.fixedKeys != null) {
            for (Multihash m : s.fixedKeys) {
                if (keys.contains(m)) {
                    announce.add(m);
                }
            }
        } else {
            (s.reprovide ? keys : queue).forEach(covered, announce::add);
        }
        ClosestServers servers = new ClosestServers(w.servers());
        Map<PeerId, List<Multihash>> perPeer = new LinkedHashMap<>();
        Map<PeerId, DhtPeer> peers = new HashMap<>();
        for (Multihash m : announce) {
            for (DhtPeer p : servers.closest(Key.forMultihash(m), k)) {
                perPeer.computeIfAbsent(p.id(), x -> new ArrayList<>()).add(m);
                peers.putIfAbsent(p.id(), p);
            }
        }
        List<ProvideBatch> out = new ArrayList<>(perPeer.size());
        for (Map.Entry<PeerId, List<Multihash>> e : perPeer.entrySet()) {
            out.add(new ProvideBatch(e.getKey(), peers.get(e.getKey()).addresses(), e.getValue()));
            addProviderMessages += e.getValue().size();
        }
        batches += out.size();
        sweeps++;
        keysProvided += announce.size();
        cycleKeys += announce.size();
        if (s.reprovide) {
            cycleReprovided += announce.size();
            cycleRegions++;
        }
        for (Multihash m : announce) {
            queue.remove(m);
        }
        if (covered.length() < s.requested.length()) {
            // The region held fewer than k servers: new regions should not be that small either.
            schedule.prefixLength(Math.min(schedule.prefixLength(), covered.length()));
        }
        if (s.reprovide && s.fixedKeys == null) {
            rescheduleSwept(covered, w, now);
        } else if (s.reprovide) {
            recount(s.requested, schedule.nextDue(s.requested, order, now, maxDelay));
        } else {
            scheduleProvided(announce, now);
        }
        return out;
    }

    /** Every key of {@code covered} was just announced: it becomes the finest regions holding k servers each. */
    private void rescheduleSwept(KeyspaceRegion covered, RegionWalk w, long now) {
        ProvideSchedule.Entry enclosing = schedule.find(covered.first());
        if (enclosing != null && enclosing.region().length() < covered.length()) {
            // Another sweep merged this region into a larger one meanwhile; that one's schedule stands.
            return;
        }
        for (ProvideSchedule.Entry e : schedule.inside(covered)) {
            schedule.remove(e.region());
        }
        List<KeyspaceRegion> leaves = new ArrayList<>();
        split(covered, w, leaves);
        long lengths = 0;
        for (KeyspaceRegion leaf : leaves) {
            lengths += leaf.length();
            long n = keys.count(leaf);
            if (n > 0) {
                schedule.put(new ProvideSchedule.Entry(leaf, schedule.nextDue(leaf, order, now, maxDelay), n));
            }
        }
        schedule.prefixLength((int) (lengths / leaves.size()));
    }

    private void split(KeyspaceRegion r, RegionWalk w, List<KeyspaceRegion> leaves) {
        if (r.length() < Key.BITS && w.serversIn(r.child(false)) >= k && w.serversIn(r.child(true)) >= k) {
            split(r.child(false), w, leaves);
            split(r.child(true), w, leaves);
        } else {
            leaves.add(r);
        }
    }

    /** Newly provided keys enter the schedule: in their region, or in a new one of the current prefix length. */
    private void scheduleProvided(List<Multihash> announced, long now) {
        Set<KeyspaceRegion> touched = new HashSet<>();
        for (Multihash m : announced) {
            Key point = Key.forMultihash(m);
            ProvideSchedule.Entry e = schedule.find(point);
            if (e != null) {
                touched.add(e.region());
                continue;
            }
            KeyspaceRegion r = KeyspaceRegion.of(point, schedule.prefixLength());
            long due = schedule.nextDue(r, order, now, maxDelay);
            for (ProvideSchedule.Entry inner : schedule.inside(r)) {
                // Merging never makes a key wait longer than its old region would have.
                due = Math.min(due, inner.nextDue());
                schedule.remove(inner.region());
                touched.remove(inner.region());
            }
            schedule.put(new ProvideSchedule.Entry(r, due, 1));
            touched.add(r);
        }
        for (KeyspaceRegion r : touched) {
            ProvideSchedule.Entry e = schedule.entry(r);
            if (e != null) {
                recount(r, e.nextDue());
            }
        }
    }

    private void recount(KeyspaceRegion r, long due) {
        long n = keys.count(r);
        if (n == 0) {
            schedule.remove(r);
        } else {
            schedule.put(new ProvideSchedule.Entry(r, due, n));
        }
    }

    private void rollCycle(long now) {
        long c = schedule.cycle(now);
        if (cycleNumber < 0) {
            cycleNumber = c;
            return;
        }
        if (c != cycleNumber) {
            lastCycle = cycle(cycleNumber, cycleStart(cycleNumber + 1));
            cycleNumber = c;
            cycleKeys = 0;
            cycleReprovided = 0;
            cycleRegions = 0;
            cycleLookups = 0;
            cycleMessages = 0;
        }
    }

    private long cycleStart(long number) {
        return schedule.cycleStart() + number * schedule.interval();
    }

    private ProvideStats.Cycle cycle(long number, long end) {
        return new ProvideStats.Cycle(number, cycleStart(number), end, cycleKeys, cycleReprovided, cycleRegions,
                cycleLookups, cycleMessages);
    }

    /**
     * When {@link #poll} next has something to start: now when keys are queued (and a sweep slot is free), else the
     * earliest due region; {@code Long.MAX_VALUE} when nothing is scheduled. Answers arriving also need no poll:
     * they come back through {@link #onResponse} and friends.
     */
    public long nextWakeup(long now) {
        if (inFlight.size() >= maxConcurrentSweeps) {
            return Long.MAX_VALUE;
        }
        long t = Long.MAX_VALUE;
        if (queue.size() > inFlightProvides()) {
            t = provideRetryAt.isEmpty() ? now : Math.max(now, minRetry());
        }
        for (ProvideSchedule.Entry e : schedule.byDue()) {
            if (!isInFlight(e.region())) {
                return Math.min(t, Math.max(now, e.nextDue()));
            }
        }
        return t;
    }

    private long minRetry() {
        long m = Long.MAX_VALUE;
        for (long v : provideRetryAt.values()) {
            m = Math.min(m, v);
        }
        return m;
    }

    private int inFlightProvides() {
        int n = 0;
        for (Sweep s : inFlight) {
            n += s.reprovide ? 0 : 1;
        }
        return n;
    }

    private boolean isInFlight(KeyspaceRegion r) {
        for (Sweep s : inFlight) {
            if (s.requested.equals(r)) {
                return true;
            }
        }
        return false;
    }

    /** Sweeps walking now. */
    public int sweepsInFlight() {
        return inFlight.size();
    }

    public ProvideStats stats(long now) {
        ProvideStats.Cycle current = cycleNumber < 0
                ? new ProvideStats.Cycle(0, now, now, 0, 0, 0, 0, 0)
                : cycle(cycleNumber, now);
        return new ProvideStats(keys.size(), queue.size(), schedule.regionCount(), schedule.prefixLength(),
                inFlight.size(), sweeps, failedSweeps, lookups, lookupMessages, keysProvided, addProviderMessages,
                batches, batchesFailed, current, lastCycle);
    }

    /**
     * The region prefix length the routing table suggests: the prefix our k nearest peers share with us (the farthest
     * of them shares c bits, so about k to 2k servers share c bits with us). 0 while the table holds fewer than k.
     */
    static int estimatePrefixLength(RoutingTable table, int k) {
        List<PeerId> nearest = table.closest(table.localKey(), k);
        if (nearest.size() < k) {
            return 0;
        }
        return table.localKey().commonPrefixLength(Key.forPeer(nearest.get(nearest.size() - 1)));
    }

    /** Configures a {@link SweepProvider}; defaults are go's: k 20, alpha 3, a 22-hour interval. */
    public static final class Builder {
        private final PeerId self;
        private final ProviderKeySet keys;
        private final ProviderKeySet queue;
        private ProvideSchedule schedule;
        private long interval = 22L * 3600 * 1000;
        private int k = 20;
        private int alpha = 3;
        private int maxLookupsPerWalk = 64;
        private int maxConcurrentSweeps = 4;
        private int individualThreshold = 2;
        private long retryDelay = 5L * 60 * 1000;
        private long maxDelay = 3600L * 1000;

        private Builder(PeerId self, ProviderKeySet keys, ProviderKeySet queue) {
            this.self = Objects.requireNonNull(self, "self");
            this.keys = Objects.requireNonNull(keys, "keys");
            this.queue = Objects.requireNonNull(queue, "queue");
        }

        /** A schedule restored with {@link ProvideSchedule#decode}; its interval wins over {@link #interval}. */
        public Builder schedule(ProvideSchedule restored) {
            this.schedule = restored.copy();
            return this;
        }

        /** How often every key is reprovided, in milliseconds (Kubo's {@code Provide.DHT.Interval}, 22 h). */
        public Builder interval(long millis) {
            if (millis < 1 || millis > ProvideSchedule.MAX_INTERVAL) {
                throw new IllegalArgumentException("reprovide interval " + millis + " ms");
            }
            this.interval = millis;
            return this;
        }

        /** Replication: how many of the nearest servers get each key's record. */
        public Builder k(int k) {
            this.k = positive(k, "k");
            return this;
        }

        public Builder alpha(int alpha) {
            this.alpha = positive(alpha, "alpha");
            return this;
        }

        /** A walk stops after this many lookups even if parts of its region are still unexplored (go: 64). */
        public Builder maxLookupsPerWalk(int n) {
            this.maxLookupsPerWalk = positive(n, "maxLookupsPerWalk");
            return this;
        }

        public Builder maxConcurrentSweeps(int n) {
            this.maxConcurrentSweeps = positive(n, "maxConcurrentSweeps");
            return this;
        }

        /** Regions with at most this many keys to announce get one lookup per key instead of a walk (go: 2). */
        public Builder individualThreshold(int n) {
            this.individualThreshold = Math.max(0, n);
            return this;
        }

        /** How long a sweep that reached nobody waits before it is tried again (go: 5 minutes). */
        public Builder retryDelay(long millis) {
            this.retryDelay = Math.max(1, millis);
            return this;
        }

        /**
         * How far past one interval a region's next sweep may be put to keep it on its keyspace slot after its
         * region changed (go's {@code MaxReprovideDelay}, 1 hour).
         */
        public Builder maxReprovideDelay(long millis) {
            this.maxDelay = Math.max(0, millis);
            return this;
        }

        public SweepProvider build() {
            if (schedule == null) {
                schedule = ProvideSchedule.create(interval);
            }
            return new SweepProvider(this);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be positive: " + v);
            }
            return v;
        }
    }
}
