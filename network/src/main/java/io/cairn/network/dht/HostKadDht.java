package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderStore;
import io.cairn.network.host.Connection;
import io.cairn.network.host.ConnectionListener;
import io.cairn.network.host.Host;
import io.cairn.network.host.PeerInfo;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KadDht} on a {@link Host}: the network driver of the sans-IO core (the testnet simulator is the other).
 *
 * <p>Threading, the one invariant everything rests on: the routing table, the stores, the request handler and every
 * {@link Lookup} are touched only on {@code dhtThread}, a single daemon thread this object owns. Host callbacks
 * arrive on Netty event loops and hop to it; nothing here blocks an event loop or waits on a future. Timers
 * (request deadlines, stream idle limits, the refresh) run on the same thread and die with it on {@link #close()}.
 *
 * <p>Routing table upkeep, as go: a peer enters only when identify says it serves our protocol (so only servers),
 * with the listen addresses it announced; it leaves when a later identify push says it stopped serving it, or when a
 * request to it fails or times out (the table then promotes a replacement candidate). {@link #bootstrap()} dials the
 * configured peers, then looks up our own ID and a random key in each bucket's range; the periodic refresh does the
 * same and probes peers that have not answered for a refresh interval.
 */
final class HostKadDht implements KadDht {
    private static final Logger LOG = LoggerFactory.getLogger(HostKadDht.class);
    /** go's {@code maxCplForRefresh}: deeper buckets would need too many hashes to aim a random key at. */
    private static final int MAX_REFRESH_CPL = 15;

    private final KadDhtBuilder config;
    private final Host host;
    private final PeerId self;
    private final String protocol;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor dhtThread;
    private final RoutingTable table;
    private final ProviderStore providers;
    private final RecordStore records;
    private final DhtRequestHandler handler;
    private final DhtMessenger messenger;
    private final DhtStreamHandler streamHandler;
    private final PeerScores scores;
    private final SweepDriver sweep;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean server;
    private boolean refreshing;

    HostKadDht(KadDhtBuilder b) {
        this.config = b;
        this.host = b.host;
        this.self = host.peerId();
        this.protocol = b.protocol;
        this.clock = b.clock;
        String name = "kad-dht-" + self.toString().substring(Math.max(0, self.toString().length() - 6));
        this.dhtThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        dhtThread.setRemoveOnCancelPolicy(true);
        this.table = RoutingTable.builder(self).bucketSize(b.bucketSize).diversityFilter(!b.loopbackNetwork).build();
        this.providers = b.providerStore != null ? b.providerStore : new MemoryProviderStore(20, 1_000_000);
        this.records = b.recordStore != null ? b.recordStore : new MemoryRecordStore(10_000);
        this.handler = new DhtRequestHandler(self, table, providers, records, b.validator,
                p -> usable(p.equals(self) ? host.listenAddresses() : host.peerStore().addresses(p)));
        this.messenger = new DhtMessenger(host, protocol, dhtThread, b.requestTimeout);
        this.scores = new PeerScores(b.peerLimits);
        this.streamHandler = new DhtStreamHandler((from, request) -> handler.handle(from, request, now()), dhtThread,
                b.streamIdleTimeout, b.maxInboundStreamsPerPeer, b.maxInboundStreams, scores,
                peer -> onDhtThread(() -> requestFailed(peer, new java.io.IOException("banned for misbehaviour"))));
        SweepProvider.Builder sb = SweepProvider.builder(self,
                b.provideKeys != null ? b.provideKeys : ProviderKeySet.inMemory(),
                b.provideQueue != null ? b.provideQueue : ProviderKeySet.inMemory())
                .k(b.bucketSize).alpha(b.alpha).interval(b.reprovideInterval.toMillis());
        if (b.provideSchedule != null) {
            sb.schedule(b.provideSchedule);
        }
        this.sweep = new SweepDriver(sb.build(), self, table, messenger, dhtThread, this::now,
                () -> usable(host.listenAddresses()), this::usable,
                key -> providers.addProvider(key, self, usable(host.listenAddresses()), now()),
                new SweepDriver.RequestOutcome() {
                    @Override
                    public void answered(PeerId peer, long now) {
                        table.markAnswered(peer, now);
                    }

                    @Override
                    public void failed(PeerId peer, Throwable cause) {
                        requestFailed(peer, cause);
                    }
                }, b.scheduleSaver, b.scheduleSaveInterval.toMillis(), b.provideIdleDelay.toMillis());
    }

    private long now() {
        return clock.millis();
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        started = true;
        server = config.mode == DhtMode.SERVER
                || (config.mode == DhtMode.AUTO && !host.listenAddresses().isEmpty());
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void identified(Connection connection, PeerInfo info) {
                onDhtThread(() -> peerIdentified(connection, info));
            }
        });
        for (Connection c : host.connections()) {
            c.identified().thenAccept(info -> onDhtThread(() -> peerIdentified(c, info)));
        }
        if (server) {
            host.handle(protocol, streamHandler);
        }
        long every = config.refreshInterval.toMillis();
        dhtThread.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        // A restored queue or schedule resumes once the routing table has peers (the driver retries until then).
        onDhtThread(sweep::tick);
    }

    @Override
    public boolean isServer() {
        return server;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (server) {
            host.unhandle(protocol);
        }
        streamHandler.close();
        dhtThread.shutdownNow();
        try {
            if (!dhtThread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("kad-dht thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The DHT thread is gone: the sweep's state is ours to save.
        sweep.close();
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new CancellationException("kad-dht closed"));
        }
    }

    /** Runs {@code task} on the DHT thread; dropped (with nothing to clean up) once closed. */
    private void onDhtThread(Runnable task) {
        if (closed) {
            return;
        }
        try {
            dhtThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("kad-dht task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("kad-dht closed; dropping a task");
        }
    }

    /**
     * Runs {@code body} on the DHT thread and returns its future's outcome; the future is tracked so that
     * {@link #close()} fails it instead of leaving the caller waiting forever.
     */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> body) {
        CompletableFuture<T> out = new CompletableFuture<>();
        if (!started) {
            out.completeExceptionally(new IllegalStateException("kad-dht not started"));
            return out;
        }
        pending.add(out);
        out.whenComplete((v, e) -> pending.remove(out));
        if (closed) {
            out.completeExceptionally(new CancellationException("kad-dht closed"));
            return out;
        }
        try {
            dhtThread.execute(() -> {
                try {
                    body.get().whenComplete((v, e) -> {
                        if (e != null) {
                            out.completeExceptionally(unwrap(e));
                        } else {
                            out.complete(v);
                        }
                    });
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new CancellationException("kad-dht closed"));
        }
        return out;
    }

    // ---- routing table upkeep -----------------------------------------------------------------------------------

    private void peerIdentified(Connection connection, PeerInfo info) {
        PeerId peer = info.peerId();
        if (scores.isBanned(peer, PeerScores.monotonicMillis())) {
            LOG.debug("{} is banned; not adding it to the routing table", peer);
            return;
        }
        if (!info.protocols().contains(protocol)) {
            if (table.remove(peer)) {
                LOG.debug("{} no longer serves {}; removed from the routing table", peer, protocol);
            }
            return;
        }
        List<Multiaddr> addresses = usable(info.listenAddresses());
        if (addresses.isEmpty() && connection.isOutbound()) {
            addresses = usable(List.of(connection.remoteAddress()));
        }
        RoutingTable.AddResult r = table.tryAdd(peer, addresses, true, now());
        LOG.debug("{} identified as a DHT server: {}", peer, r);
    }

    /** A request to {@code peer} failed or timed out: it leaves the table, and a candidate may take its place. */
    private void requestFailed(PeerId peer, Throwable cause) {
        if (table.remove(peer)) {
            LOG.debug("removed {} from the routing table: {}", peer, cause.toString());
        }
    }

    /**
     * The addresses worth storing, announcing and dialling: with an IP (or a DNS name), not the unspecified address,
     * and not loopback unless this is a loopback network.
     */
    List<Multiaddr> usable(List<Multiaddr> addresses) {
        List<Multiaddr> out = new ArrayList<>(addresses.size());
        for (Multiaddr a : addresses) {
            Optional<InetAddress> ip = a.ipAddress();
            if (ip.isPresent() && (ip.get().isAnyLocalAddress()
                    || (!config.loopbackNetwork && ip.get().isLoopbackAddress()))) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> bootstrap() {
        return call(() -> {
            List<CompletableFuture<Boolean>> dials = new ArrayList<>();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Multiaddr a : config.bootstrapPeers) {
                dials.add(host.connect(a).thenCompose(Connection::identified)
                        .orTimeout(config.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((info, e) -> {
                            if (e != null) {
                                problems.add(a + ": " + unwrap(e));
                                LOG.debug("bootstrap peer {} unreachable: {}", a, e.toString());
                            }
                            return e == null;
                        }));
            }
            return CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
                    .thenComposeAsync(v -> {
                        long reached = dials.stream().filter(CompletableFuture::join).count();
                        if (reached == 0 && table.size() == 0) {
                            return CompletableFuture.failedFuture(new java.io.IOException("no bootstrap peer of "
                                    + config.bootstrapPeers.size() + " reachable and the routing table is empty: "
                                    + problems));
                        }
                        return selfLookupAndRefresh();
                    }, dhtThread);
        });
    }

    /** go's bootstrap and refresh: our own ID first (it fills the nearest buckets), then one key per bucket. */
    private CompletableFuture<Void> selfLookupAndRefresh() {
        return lookup(Lookup.findNode(self.toBytes()), null).thenComposeAsync(r -> {
            List<CompletableFuture<LookupResult>> walks = new ArrayList<>();
            int buckets = Math.min(table.bucketCount(), MAX_REFRESH_CPL + 1);
            for (int i = 0; i < buckets; i++) {
                if (!table.bucket(i).isEmpty()) {
                    byte[] key = randomKeyWithPrefixLength(i);
                    if (key != null) {
                        walks.add(lookup(Lookup.findNode(key), null));
                    }
                }
            }
            return CompletableFuture.allOf(walks.toArray(CompletableFuture[]::new));
        }, dhtThread);
    }

    /** The periodic refresh; skipped while the previous one runs, so refreshes never pile up. */
    private void refresh() {
        if (refreshing || closed) {
            return;
        }
        refreshing = true;
        long now = now();
        providers.removeExpired(now);
        List<CompletableFuture<?>> work = new ArrayList<>();
        for (PeerId p : table.notAnsweredSince(now - config.refreshInterval.toMillis())) {
            work.add(messenger.request(p, table.addresses(p), DhtMessage.findNode(self.toBytes()))
                    .whenCompleteAsync((m, e) -> {
                        if (e == null) {
                            table.markAnswered(p, now());
                        } else {
                            requestFailed(p, e);
                        }
                    }, dhtThread));
        }
        work.add(selfLookupAndRefresh());
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((v, e) -> refreshing = false, dhtThread);
    }

    /**
     * Random bytes whose key shares exactly {@code cpl} leading bits with ours, found by hashing candidates (about
     * 2^(cpl+1) of them; go precomputes a table for the same purpose). Null in the unlikely case none turns up.
     */
    byte[] randomKeyWithPrefixLength(int cpl) {
        Key local = table.localKey();
        byte[] candidate = new byte[32];
        for (int tries = 0; tries < 1 << 22; tries++) {
            random.nextBytes(candidate);
            if (Key.of(candidate).commonPrefixLength(local) == cpl) {
                return candidate.clone();
            }
        }
        return null;
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    /**
     * Drives {@code lookup} over real streams on the DHT thread: each request it returns is sent, and its outcome
     * reported exactly once (answer, failure, or timeout from the messenger's deadline). {@code stopWhen}, if given,
     * sees every answer and ends the lookup early when it says so (findPeer stops once the target's addresses are
     * known). Requests still in flight when it ends are abandoned; their deadlines clean them up.
     */
    /** Sees every finished lookup (hops, requests); for measurements in tests. */
    private volatile java.util.function.Consumer<LookupResult> lookupObserver;

    void observeLookups(java.util.function.Consumer<LookupResult> observer) {
        lookupObserver = observer;
    }

    private CompletableFuture<LookupResult> lookup(Lookup.Builder builder, BiPredicate<PeerId, DhtMessage> stopWhen) {
        List<DhtPeer> seeds = new ArrayList<>();
        Lookup.Builder b = builder.self(self).k(config.bucketSize).alpha(config.alpha).validator(config.validator);
        Lookup probe = b.build();
        for (PeerId p : table.closest(probe.target(), config.bucketSize)) {
            seeds.add(DhtPeer.of(p, table.addresses(p)));
        }
        if (seeds.isEmpty()) {
            // js's allowQueryWithZeroPeers, roughly: an empty table still lets a node ask its bootstrap peers.
            for (Multiaddr a : config.bootstrapPeers) {
                PeerId p = a.peerId().orElseThrow();
                seeds.add(DhtPeer.of(p, List.of(a.decapsulate(io.cairn.core.multiaddr.Protocol.P2P))));
            }
        }
        Lookup lookup = b.seeds(seeds).build();
        LookupRun run = new LookupRun(lookup, stopWhen);
        run.dispatch(lookup.start(now()));
        run.checkDone();
        return run.result;
    }

    private final class LookupRun {
        final Lookup lookup;
        final BiPredicate<PeerId, DhtMessage> stopWhen;
        final CompletableFuture<LookupResult> result = new CompletableFuture<>();

        LookupRun(Lookup lookup, BiPredicate<PeerId, DhtMessage> stopWhen) {
            this.lookup = lookup;
            this.stopWhen = stopWhen;
            pending.add(result);
            result.whenComplete((r, e) -> {
                pending.remove(result);
                java.util.function.Consumer<LookupResult> o = lookupObserver;
                if (r != null && o != null) {
                    o.accept(r);
                }
            });
        }

        void dispatch(List<Lookup.Request> requests) {
            for (Lookup.Request r : requests) {
                messenger.request(r.peer(), usable(r.addresses()), r.message())
                        .whenCompleteAsync((m, e) -> answered(r.peer(), m, e), dhtThread);
            }
        }

        void answered(PeerId peer, DhtMessage response, Throwable error) {
            if (result.isDone()) {
                return;
            }
            long now = now();
            List<Lookup.Request> next;
            if (error == null) {
                table.markAnswered(peer, now);
                if (stopWhen != null && stopWhen.test(peer, response)) {
                    result.complete(lookup.result());
                    return;
                }
                next = lookup.onResponse(peer, response, now);
            } else {
                Throwable cause = unwrap(error);
                requestFailed(peer, cause);
                next = cause instanceof TimeoutException ? lookup.onTimeout(peer, now) : lookup.onFailure(peer, now);
            }
            dispatch(next);
            checkDone();
        }

        void checkDone() {
            if (lookup.isDone()) {
                result.complete(lookup.result());
            }
        }
    }

    // ---- the public operations ----------------------------------------------------------------------------------

    @Override
    public CompletableFuture<List<PeerId>> getClosestPeers(byte[] key) {
        byte[] k = key.clone();
        return call(() -> lookup(Lookup.findNode(k), null)
                .thenApply(r -> r.closest().stream().map(DhtPeer::id).toList()));
    }

    @Override
    public CompletableFuture<Optional<DhtPeer>> findPeer(PeerId peer) {
        return call(() -> {
            if (peer.equals(self)) {
                return CompletableFuture.completedFuture(Optional.of(DhtPeer.of(self, host.listenAddresses())));
            }
            if (host.connection(peer).isPresent()) {
                List<Multiaddr> known = host.peerStore().addresses(peer);
                if (!known.isEmpty()) {
                    return CompletableFuture.completedFuture(Optional.of(DhtPeer.of(peer, known)));
                }
            }
            Map<PeerId, List<Multiaddr>> found = new LinkedHashMap<>();
            return lookup(Lookup.findNode(peer.toBytes()), (from, m) -> {
                if (from.equals(peer)) {
                    found.putIfAbsent(peer, host.peerStore().addresses(peer));
                    return true;
                }
                for (DhtPeer p : m.closerPeers()) {
                    List<Multiaddr> addrs = usable(p.addresses());
                    if (p.id().equals(peer) && !addrs.isEmpty()) {
                        found.put(peer, addrs);
                        return true;
                    }
                }
                return false;
            }).thenApply(r -> {
                List<Multiaddr> addrs = found.get(peer);
                if (addrs == null || addrs.isEmpty()) {
                    return Optional.<DhtPeer>empty();
                }
                host.peerStore().addAddresses(peer, addrs, DhtMessenger.LEARNT_ADDRESS_TTL);
                return Optional.of(DhtPeer.of(peer, addrs));
            });
        });
    }

    @Override
    public CompletableFuture<List<PeerId>> findProviders(Multihash key, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        return call(() -> {
            Map<PeerId, List<Multiaddr>> found = new LinkedHashMap<>();
            for (ProviderStore.Provider p : providers.providers(key, now())) {
                found.putIfAbsent(p.peer(), p.addresses());
            }
            if (found.size() >= max) {
                return CompletableFuture.completedFuture(List.copyOf(found.keySet()).subList(0, max));
            }
            return lookup(Lookup.getProviders(key).enoughProviders(max), null).thenApply(r -> {
                for (DhtPeer p : r.providers()) {
                    found.putIfAbsent(p.id(), p.addresses());
                }
                List<PeerId> out = new ArrayList<>();
                for (Map.Entry<PeerId, List<Multiaddr>> e : found.entrySet()) {
                    if (out.size() == max) {
                        break;
                    }
                    List<Multiaddr> addrs = usable(e.getValue());
                    if (!addrs.isEmpty() && !e.getKey().equals(self)) {
                        host.peerStore().addAddresses(e.getKey(), addrs, DhtMessenger.LEARNT_ADDRESS_TTL);
                    }
                    out.add(e.getKey());
                }
                return out;
            });
        });
    }

    @Override
    public CompletableFuture<Void> provide(Multihash key) {
        return call(() -> {
            List<Multiaddr> ours = usable(host.listenAddresses());
            if (ours.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "no address to announce: the host listens on no usable address"));
            }
            providers.addProvider(key, self, ours, now());
            DhtMessage announce = DhtMessage.addProvider(key, DhtPeer.of(self, ours));
            return lookup(Lookup.findNode(key.toBytes()), null).thenCompose(r -> {
                if (r.closest().isEmpty()) {
                    return CompletableFuture.failedFuture(new java.io.IOException(
                            "no DHT peer to announce " + key + " to"));
                }
                AtomicInteger sent = new AtomicInteger();
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (DhtPeer p : r.closest()) {
                    sends.add(messenger.send(p.id(), usable(p.addresses()), announce)
                            .handle((v, e) -> {
                                if (e == null) {
                                    sent.incrementAndGet();
                                } else {
                                    LOG.debug("ADD_PROVIDER to {} failed: {}", p.id(), e.toString());
                                }
                                return null;
                            }));
                }
                return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenCompose(v ->
                        sent.get() > 0 ? CompletableFuture.<Void>completedFuture(null)
                                : CompletableFuture.failedFuture(new java.io.IOException(
                                        "no ADD_PROVIDER for " + key + " could be sent")));
            });
        });
    }

    @Override
    public CompletableFuture<Void> startProviding(java.util.Collection<Multihash> keys) {
        List<Multihash> copy = List.copyOf(keys);
        return call(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            sweep.startProviding(copy, 0, done);
            return done;
        });
    }

    @Override
    public CompletableFuture<Void> stopProviding(java.util.Collection<Multihash> keys) {
        List<Multihash> copy = List.copyOf(keys);
        return call(() -> {
            sweep.stopProviding(copy);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<ProvideStats> provideStats() {
        return call(() -> CompletableFuture.completedFuture(sweep.stats()));
    }

    @Override
    public CompletableFuture<Integer> putValue(DhtRecord record) {
        return call(() -> {
            config.validator.validate(record.keyUnsafe(), record.valueUnsafe());
            records.put(record.withTimeReceived(java.time.Instant.ofEpochMilli(now()).toString()), now());
            DhtMessage put = DhtMessage.putValue(DhtRecord.of(record.keyUnsafe(), record.valueUnsafe()));
            return lookup(Lookup.findNode(record.keyUnsafe()), null).thenCompose(r -> {
                AtomicInteger acked = new AtomicInteger();
                List<CompletableFuture<Void>> puts = new ArrayList<>();
                for (DhtPeer p : r.closest()) {
                    puts.add(messenger.request(p.id(), usable(p.addresses()), put).handle((m, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                        }
                        return null;
                    }));
                }
                return CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).thenApply(v -> acked.get());
            });
        });
    }

    @Override
    public CompletableFuture<Optional<byte[]>> getValue(byte[] key) {
        byte[] k = key.clone();
        return call(() -> {
            List<byte[]> values = new ArrayList<>();
            records.get(k, now()).ifPresent(r -> values.add(r.valueUnsafe()));
            return lookup(Lookup.getValue(k), null).thenApply(r -> {
                for (LookupResult.FoundRecord f : r.records()) {
                    values.add(f.record().valueUnsafe());
                }
                if (values.isEmpty()) {
                    return Optional.<byte[]>empty();
                }
                return Optional.of(values.get(config.validator.select(k, values)).clone());
            });
        });
    }

    /** One raw request to {@code peer}, for tests that check what a remote answers. */
    CompletableFuture<DhtMessage> request(PeerId peer, DhtMessage message) {
        return call(() -> messenger.request(peer, List.of(), message));
    }

    @Override
    public CompletableFuture<List<PeerId>> routingTablePeers() {
        return call(() -> CompletableFuture.completedFuture(table.peers()));
    }

    @Override
    public DhtStats stats() {
        return new DhtStats(streamHandler.answered.get(), streamHandler.refused.get(), streamHandler.malformed.get(),
                streamHandler.streamsRefused.get(), streamHandler.streamsTimedOut.get(),
                streamHandler.throttled.get(), scores.bans(), scores.bannedNow(PeerScores.monotonicMillis()));
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public String toString() {
        return "kad-dht " + protocol + " on " + self + (server ? " (server)" : " (client)");
    }
}
