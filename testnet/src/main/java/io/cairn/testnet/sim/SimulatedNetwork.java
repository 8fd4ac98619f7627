package io.cairn.testnet.sim;

import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.dht.DhtMessage;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.DhtRequestException;
import io.cairn.network.dht.Key;
import io.cairn.network.dht.Lookup;
import io.cairn.network.dht.LookupResult;
import io.cairn.network.dht.MessageType;
import io.cairn.network.dht.RoutingTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulated links between {@link SimNode}s and the driver that runs the real DHT code over them: the simulator's
 * counterpart of Cairn's {@code HostKadDht}, doing what it does at the same moments, on simulated time.
 *
 * <p>Links. Each node has a base latency drawn once from {@code [rttMin/2, rttMax/2]}; the round trip between two
 * nodes is the sum of their bases, so every pair has a fixed RTT in {@code [rttMin, rttMax]} (a node far from the
 * others is far from all of them, as with a distant access link). A message takes half the RTT. Handling takes no
 * simulated time, and there is no loss other than dead and silent peers.
 *
 * <p>Driver behaviour, as Cairn's: a request whose peer is dead or silent gets no answer, and the asker notices only
 * when its timeout fires (then it evicts the peer from its routing table, and a replacement candidate may take the
 * place); a peer that answers is offered to the asker's table and marked answered; a server offers every peer that
 * asks it something to its own table (Cairn learns them from identify). Requests of a lookup that already ended are
 * abandoned: their timeouts are not waited for and evict nobody, as a cancelled go query does not.
 *
 * <p>Invariants: {@code live} holds exactly the nodes with {@code alive}, each at its {@code livePos}; every node ever
 * created stays in {@code byId}, so a message to a departed peer finds it dead rather than unknown.
 */
final class SimulatedNetwork {
    /** Cairn's {@code HostKadDht.MAX_REFRESH_CPL}: deeper buckets are not refreshed. */
    private static final int MAX_REFRESH_CPL = 15;
    private static final int REFRESH_KEY_POOL = 1 << 17;

    /** How a lookup ended, with its simulated duration. */
    record Outcome(LookupResult result, long startedAt, long millis) {}

    /** Messages sent, by purpose. */
    static final class Counters {
        long lookupRequests;
        long oneWay;
        long probes;
        long departures;

        long total() {
            return lookupRequests + oneWay + probes;
        }
    }

    private interface Reply {
        void answer(DhtMessage m);

        void failed(boolean timeout);
    }

    private static final class LookupRun {
        final SimNode from;
        final Lookup lookup;
        final long startedAt;
        final Consumer<Outcome> then;
        boolean finished;

        LookupRun(SimNode from, Lookup lookup, long startedAt, Consumer<Outcome> then) {
            this.from = from;
            this.lookup = lookup;
            this.startedAt = startedAt;
            this.then = then;
        }
    }

    final SimConfig config;
    final EventQueue events = new EventQueue();
    final Random random;
    final Counters counters = new Counters();
    private final Map<PeerId, SimNode> byId = new HashMap<>();
    private final List<SimNode> live = new ArrayList<>();
    /** Which nodes were sent (and stored) an ADD_PROVIDER for each key: the candidates for "who still holds it". */
    private final Map<Multihash, Set<SimNode>> holders = new HashMap<>();
    private KeyspaceIndex<byte[]> refreshKeys;
    private int nextIndex;

    SimulatedNetwork(SimConfig config, long seed) {
        this.config = config;
        this.random = new Random(seed);
    }

    long now() {
        return events.now();
    }

    List<SimNode> live() {
        return live;
    }

    SimNode node(PeerId id) {
        return byId.get(id);
    }

    int liveCount() {
        return live.size();
    }

    /** A new live node with a fresh random ID and base latency; {@code behaviour} null for an honest one. */
    SimNode addNode(Adversary behaviour) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        PeerId id = PeerId.fromMultihash(Multihash.of(Multicodec.SHA2_256.code(), digest));
        long lo = config.rttMinMillis() / 2;
        long hi = config.rttMaxMillis() / 2;
        SimNode n = new SimNode(nextIndex++, id, lo + (long) (random.nextDouble() * (hi - lo + 1)), behaviour,
                config.k());
        byId.put(id, n);
        n.livePos = live.size();
        live.add(n);
        return n;
    }

    /** A uniformly random live node satisfying {@code honestOnly}/{@code churnable}; null after many misses. */
    SimNode randomLive(boolean honestOnly, boolean churnableOnly) {
        for (int tries = 0; tries < 1000 && !live.isEmpty(); tries++) {
            SimNode n = live.get(random.nextInt(live.size()));
            if ((!honestOnly || n.honest()) && (!churnableOnly || !n.stable)) {
                return n;
            }
        }
        return null;
    }

    long oneWayMillis(SimNode a, SimNode b) {
        return (a.baseMillis + b.baseMillis + 1) / 2;
    }

    // ---- building -------------------------------------------------------------------------------------------------

    /**
     * Fills every live node's routing table as a completed join would leave it, without running the joins: for each
     * bucket (common prefix length c with the node's key), all the peers of that prefix length when there are at most
     * k of them, else k drawn uniformly among them. A node that has looked up its own ID and refreshed each bucket
     * holds exactly that (its near buckets hold everyone, its far ones k of many); which k a real node holds depends
     * on the order it met them, which random draws stand in for. The ranges come from one sort of the keyspace, so
     * building 10,000 nodes costs some 200 {@code tryAdd}s per node rather than ten lookups per node.
     */
    void seedTablesFromKeyspace() {
        KeyspaceIndex<SimNode> index = new KeyspaceIndex<>(live, n -> n.key);
        int k = config.k();
        Set<Integer> picked = new HashSet<>();
        for (SimNode n : live) {
            for (int cpl = 0; cpl < Key.BITS - 1; cpl++) {
                int[] r = index.bucketRange(n.key, cpl);
                int size = r[1] - r[0];
                if (size <= k) {
                    for (int i = r[0]; i < r[1]; i++) {
                        add(n, index.item(i));
                    }
                } else {
                    picked.clear();
                    while (picked.size() < k) {
                        int i = r[0] + random.nextInt(size);
                        if (picked.add(i)) {
                            add(n, index.item(i));
                        }
                    }
                }
                int[] own = index.sharedPrefixRange(n.key, cpl + 1);
                if (own[1] - own[0] <= 1) {
                    break;
                }
            }
        }
    }

    private void add(SimNode to, SimNode peer) {
        to.table.tryAdd(peer.id, peer.addresses, true, now());
    }

    // ---- messages -------------------------------------------------------------------------------------------------

    /**
     * Sends {@code request} from {@code from} to {@code to}; {@code reply} hears the answer, a refusal, or (if
     * {@code wanted} still holds then) the timeout.
     */
    private void request(SimNode from, SimNode to, DhtMessage request, Reply reply, java.util.function.BooleanSupplier
            wanted) {
        long sentAt = now();
        long oneWay = oneWayMillis(from, to);
        events.after(oneWay, () -> {
            if (!from.alive) {
                return;
            }
            Optional<DhtMessage> answer;
            boolean refused = false;
            if (!to.alive || to.behaviour == Adversary.SILENT) {
                answer = null;
            } else {
                try {
                    answer = serve(to, from, request);
                } catch (DhtRequestException e) {
                    answer = Optional.empty();
                    refused = true;
                }
            }
            if (answer == null) {
                if (wanted.getAsBoolean()) {
                    events.at(sentAt + config.requestTimeoutMillis(), () -> {
                        if (from.alive && wanted.getAsBoolean()) {
                            from.table.remove(to.id);
                            reply.failed(true);
                        }
                    });
                }
                return;
            }
            Optional<DhtMessage> a = answer;
            boolean r = refused;
            events.after(oneWay, () -> {
                if (!from.alive) {
                    return;
                }
                if (r || a.isEmpty()) {
                    from.table.remove(to.id);
                    reply.failed(false);
                    return;
                }
                from.table.tryAdd(to.id, to.addresses, true, now());
                from.table.markAnswered(to.id, now());
                reply.answer(a.get());
            });
        });
    }

    /** A one-way message (ADD_PROVIDER); returns the simulated time it lands. */
    long send(SimNode from, SimNode to, DhtMessage message) {
        counters.oneWay++;
        long at = now() + oneWayMillis(from, to);
        events.at(at, () -> {
            if (!to.alive || !from.alive) {
                return;
            }
            try {
                serve(to, from, message);
                if (message.type() == MessageType.ADD_PROVIDER && to.honest()) {
                    holders.computeIfAbsent(Multihash.fromBytes(message.key()), x -> new HashSet<>()).add(to);
                }
            } catch (DhtRequestException e) {
                // Refused (e.g. a record naming someone else): the sender is not told, as with go's fire-and-forget.
                return;
            }
        });
        return at;
    }

    /** {@code server}'s answer to {@code request} from {@code client}; empty for none; adversaries lie here. */
    private Optional<DhtMessage> serve(SimNode server, SimNode client, DhtMessage request) {
        server.table.tryAdd(client.id, client.addresses, true, now());
        if (server.honest()) {
            return server.handler.handle(client.id, request, now());
        }
        if (request.type() == MessageType.ADD_PROVIDER) {
            return Optional.empty();
        }
        DhtMessage empty = request.reply(request.key());
        if (server.behaviour == Adversary.EMPTY) {
            return Optional.of(empty);
        }
        List<DhtPeer> lies = new ArrayList<>(config.k());
        for (int i = 0; i < config.k() && !live.isEmpty(); i++) {
            lies.add(live.get(random.nextInt(live.size())).record);
        }
        return Optional.of(empty.withCloserPeers(lies));
    }

    // ---- lookups --------------------------------------------------------------------------------------------------

    /**
     * Runs a real lookup from {@code from} (self, k, alpha and seeds set here, as Cairn's driver does) and hands the
     * outcome to {@code then}, always from a later event, never from inside this call.
     */
    void lookup(SimNode from, Lookup.Builder builder, Consumer<Outcome> then) {
        Lookup lookup = builder.self(from.id).k(config.k()).alpha(config.alpha()).seedsFrom(from.table).build();
        LookupRun run = new LookupRun(from, lookup, now(), then);
        dispatch(run, lookup.start(now()));
        if (lookup.isDone()) {
            events.after(0, () -> finish(run));
        }
    }

    private void dispatch(LookupRun run, List<Lookup.Request> requests) {
        for (Lookup.Request r : requests) {
            counters.lookupRequests++;
            SimNode to = byId.get(r.peer());
            if (to == null) {
                events.after(0, () -> {
                    if (!run.finished) {
                        dispatch(run, run.lookup.onFailure(r.peer(), now()));
                        finishIfDone(run);
                    }
                });
                continue;
            }
            request(run.from, to, r.message(), new Reply() {
                @Override
                public void answer(DhtMessage m) {
                    if (!run.finished) {
                        dispatch(run, run.lookup.onResponse(to.id, m, now()));
                        finishIfDone(run);
                    }
                }

                @Override
                public void failed(boolean timeout) {
                    if (!run.finished) {
                        dispatch(run, timeout ? run.lookup.onTimeout(to.id, now())
                                : run.lookup.onFailure(to.id, now()));
                        finishIfDone(run);
                    }
                }
            }, () -> !run.finished);
        }
    }

    private void finishIfDone(LookupRun run) {
        if (!run.finished && run.lookup.isDone()) {
            finish(run);
        }
    }

    private void finish(LookupRun run) {
        if (run.finished) {
            return;
        }
        run.finished = true;
        run.then.accept(new Outcome(run.lookup.result(), run.startedAt, now() - run.startedAt));
    }

    // ---- churn and upkeep -----------------------------------------------------------------------------------------

    /** {@code n} stops. Peers learn it only when a request to it times out. */
    void leave(SimNode n) {
        if (!n.alive) {
            return;
        }
        SimNode last = live.remove(live.size() - 1);
        if (last != n) {
            live.set(n.livePos, last);
            last.livePos = n.livePos;
        }
        n.livePos = -1;
        n.leave();
        counters.departures++;
    }

    /**
     * A newcomer joins as Cairn's bootstrap does: it knows one live peer, looks up its own ID, then (if configured)
     * refreshes each non-empty bucket with a lookup of a random key in its range. Returns the node at once; the
     * lookups run on.
     */
    SimNode join() {
        SimNode contact = randomLive(true, false);
        SimNode n = addNode(null);
        if (contact == null) {
            return n;
        }
        add(n, contact);
        lookup(n, Lookup.findNode(n.id.toBytes()), o -> {
            if (!config.joinerRefresh() || !n.alive) {
                return;
            }
            int buckets = Math.min(n.table.bucketCount(), MAX_REFRESH_CPL + 1);
            for (int cpl = 0; cpl < buckets; cpl++) {
                if (!n.table.bucket(cpl).isEmpty()) {
                    byte[] target = refreshKey(n.key, cpl);
                    if (target != null) {
                        lookup(n, Lookup.findNode(target), x -> { });
                    }
                }
            }
        });
        if (config.refreshIntervalMillis() > 0) {
            scheduleRefresh(n, config.refreshIntervalMillis());
        }
        return n;
    }

    /**
     * A key (raw bytes) whose point shares exactly {@code cpl} bits with {@code local}, drawn from a pool of hashed
     * random keys made once (Cairn hashes candidates until one fits; go precomputes a table; a shared pool gives the
     * same distribution at a fraction of the hashing). Null when the pool has none in that range.
     */
    private byte[] refreshKey(Key local, int cpl) {
        if (refreshKeys == null) {
            List<byte[]> pool = new ArrayList<>(REFRESH_KEY_POOL);
            Random r = new Random(config.seed() ^ 0x5eedL);
            for (int i = 0; i < REFRESH_KEY_POOL; i++) {
                byte[] b = new byte[32];
                r.nextBytes(b);
                pool.add(b);
            }
            refreshKeys = new KeyspaceIndex<>(pool, Key::of);
        }
        int[] range = refreshKeys.bucketRange(local, cpl);
        if (range[1] == range[0]) {
            return null;
        }
        return refreshKeys.item(range[0] + random.nextInt(range[1] - range[0])).clone();
    }

    /** Cairn's periodic refresh, probe part: every peer that has not answered for an interval is asked again. */
    void scheduleRefresh(SimNode n, long delay) {
        events.after(delay, () -> {
            if (!n.alive) {
                return;
            }
            long interval = config.refreshIntervalMillis();
            for (PeerId p : n.table.notAnsweredSince(now() - interval)) {
                SimNode to = byId.get(p);
                if (to != null) {
                    counters.probes++;
                    request(n, to, DhtMessage.findNode(n.id.toBytes()), new Reply() {
                        @Override
                        public void answer(DhtMessage m) {
                        }

                        @Override
                        public void failed(boolean timeout) {
                        }
                    }, () -> true);
                }
            }
            scheduleRefresh(n, interval);
        });
    }

    /**
     * Replaces {@code perHour} of the nodes each hour until {@code until}: departures are a Poisson process over the
     * churnable nodes, and each departure is followed at once by a newcomer's join, so the size stays constant.
     */
    void startChurn(double perHour, long until) {
        if (perHour <= 0) {
            return;
        }
        double meanGapMillis = 3_600_000.0 / (perHour * live.size());
        scheduleChurn(meanGapMillis, until);
    }

    private void scheduleChurn(double meanGapMillis, long until) {
        long gap = (long) Math.ceil(-Math.log(1 - random.nextDouble()) * meanGapMillis);
        if (now() + gap > until) {
            return;
        }
        events.after(gap, () -> {
            SimNode victim = randomLive(false, true);
            if (victim != null) {
                leave(victim);
                join();
            }
            scheduleChurn(meanGapMillis, until);
        });
    }

    // ---- records --------------------------------------------------------------------------------------------------

    /** The live honest nodes holding an unexpired provider record for {@code key}. */
    int liveHolders(Multihash key) {
        int count = 0;
        for (SimNode n : holders.getOrDefault(key, Set.of())) {
            if (n.alive && !n.providers.providers(key, now()).isEmpty()) {
                count++;
            }
        }
        return count;
    }

    /** A {@link ProvideContext} for {@code node}, counting into {@code cost}. */
    SimProvideContext provideContext(SimNode node) {
        return new SimProvideContext(node);
    }

    /** The context a provide strategy runs in; counts what it sends and when its last announcement lands. */
    final class SimProvideContext implements ProvideContext {
        private final SimNode node;
        long lookups;
        long lookupRequests;
        long sends;
        long lastLandsAt;

        SimProvideContext(SimNode node) {
            this.node = node;
        }

        @Override
        public DhtPeer self() {
            return node.record;
        }

        @Override
        public RoutingTable routingTable() {
            return node.table;
        }

        @Override
        public long now() {
            return events.now();
        }

        @Override
        public Random random() {
            return random;
        }

        @Override
        public void lookup(Lookup.Builder lookup, Consumer<LookupResult> then) {
            lookups++;
            if (!node.alive) {
                events.after(0, () -> then.accept(Lookup.findNode(new byte[] {0}).self(node.id).build().result()));
                return;
            }
            SimulatedNetwork.this.lookup(node, lookup, o -> {
                lookupRequests += o.result().requestsSent();
                then.accept(o.result());
            });
        }

        @Override
        public void send(DhtPeer to, DhtMessage message) {
            SimNode target = byId.get(to.id());
            if (target == null || !node.alive) {
                return;
            }
            sends++;
            lastLandsAt = Math.max(lastLandsAt, SimulatedNetwork.this.send(node, target, message));
        }

        @Override
        public void request(DhtPeer to, DhtMessage message, ProvideContext.Reply reply) {
            lookupRequests++;
            counters.lookupRequests++;
            SimNode target = byId.get(to.id());
            if (target == null || !node.alive) {
                events.after(0, reply::failed);
                return;
            }
            // The walk may have moved on, but the provider still wants every outcome (it ignores stale ones), and a
            // timed-out peer is evicted as Cairn's driver does for any request.
            SimulatedNetwork.this.request(node, target, message, new SimulatedNetwork.Reply() {
                @Override
                public void answer(DhtMessage m) {
                    reply.answered(m);
                }

                @Override
                public void failed(boolean timeout) {
                    if (timeout) {
                        reply.timedOut();
                    } else {
                        reply.failed();
                    }
                }
            }, () -> true);
        }

        @Override
        public void countLookups(long n) {
            lookups += n;
        }

        @Override
        public void at(long atMillis, Runnable action) {
            events.at(Math.max(atMillis, events.now()), action);
        }
    }
}
