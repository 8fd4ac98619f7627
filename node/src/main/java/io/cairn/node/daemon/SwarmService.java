package io.cairn.node.daemon;

import io.cairn.core.FormatException;
import io.cairn.core.block.BlockSink;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.MultiaddrFormatException;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderLimits;
import io.cairn.gateway.rpc.RpcException;
import io.cairn.network.bitswap.Bitswap;
import io.cairn.network.bitswap.BitswapBuilder;
import io.cairn.network.dht.DhtMode;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.DhtStats;
import io.cairn.network.dht.KadDht;
import io.cairn.network.dht.KadDhtBuilder;
import io.cairn.network.dht.ProvideSchedule;
import io.cairn.network.dht.ProvideScheduleFormatException;
import io.cairn.network.dht.ProvideStats;
import io.cairn.network.host.Connection;
import io.cairn.network.host.Host;
import io.cairn.network.host.HostBuilder;
import io.cairn.network.host.MemoryPeerStore;
import io.cairn.network.host.PeerStore;
import io.cairn.node.rpc.NodeNetwork;
import io.cairn.storage.providers.RocksProvideStore;
import io.cairn.storage.providers.RocksProviderStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's network: the libp2p host on each TCP address of {@code Addresses.Swarm} with Bitswap serving the
 * store, the peer store kept across restarts in {@code $CAIRN_PATH/peers}, and the {@code Bootstrap} peers dialed
 * in the background at start. Addresses of transports Cairn does not speak yet (QUIC, WebTransport, ...) are
 * skipped with a warning, as a node that knows only some of Kubo's transports should.
 *
 * <p>Blocking store work for the network (keeping fetched blocks, reading for DAG fetches) runs on one bounded
 * pool owned here, never on a Netty event loop.
 */
public final class SwarmService implements DaemonService, NodeNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmService.class);
    static final int MAX_PEERS = 10_000;

    static final int FETCH_PARALLELISM = 32;
    private static final long CONNECT_TIMEOUT_SECONDS = 30;

    private final Host host;
    private final PeerStoreFile peersFile;
    private final Bitswap bitswap;
    private final ExecutorService io;
    private final NetworkBlockSource blockSource;
    private final DagFetcher fetcher;
    private final KadDht dht;
    private final RocksProviderStore providers;
    private final String provideStrategy;
    private final RocksProvideStore provideStore;
    private final CountingBlockStore served;
    private final AtomicLong fetched = new AtomicLong();
    static final int MAX_PROVIDERS_PER_FETCH = 10;
    private static final long ROUTING_TIMEOUT_SECONDS = 60;

    private SwarmService(Host host, PeerStoreFile peersFile, BlockStore store, KadDht dht,
            RocksProviderStore providers, RocksProvideStore provideStore, String provideStrategy) {
        this.host = host;
        this.provideStore = provideStore;
        this.providers = providers;
        this.peersFile = peersFile;
        this.dht = dht;
        this.provideStrategy = provideStrategy;
        this.served = new CountingBlockStore(store);
        BitswapBuilder bb = Bitswap.builder(host, served);
        if (dht != null) {
            bb.providerFinder(cid -> dht.findProviders(cid.multihash(), MAX_PROVIDERS_PER_FETCH));
        }
        this.bitswap = bb.start();
        this.io = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cairn-fetch-io");
            t.setDaemon(true);
            return t;
        });
        this.blockSource = new NetworkBlockSource(store, bitswap, io, cid -> {
            fetched.incrementAndGet();
            bitswap.blocksAdded(List.of(cid));
        });
        this.fetcher = new DagFetcher(store, blockSource, io, FETCH_PARALLELISM);
    }

    /**
     * What the swarm needs from the config: listen and bootstrap addresses, {@code Routing.Type} (none: no DHT),
     * {@code Routing.DHTProtocol}, {@code Routing.LoopbackNetwork}, and {@code Provide.Strategy}.
     */
    public record Options(List<String> swarmAddresses, List<String> bootstrap, String routingType, String dhtProtocol,
            boolean loopbackNetwork, String provideStrategy) {
        static Options of(io.cairn.storage.repo.RepoConfig c) {
            return new Options(c.swarmAddresses(), c.bootstrap(), c.routingType(), c.dhtProtocol(),
                    c.loopbackNetwork(), c.provideStrategy());
        }
    }

    /** A swarm without a DHT (Routing.Type none), for tests of the host alone. */
    static SwarmService start(List<String> swarmAddresses, List<String> bootstrap, Ed25519KeyPair identity,
            String agentVersion, Path peersPath, BlockStore store) throws IOException {
        return start(new Options(swarmAddresses, bootstrap, "none", KadDht.DEFAULT_PROTOCOL, false, "all"),
                identity, agentVersion, peersPath, store);
    }

    static SwarmService start(Options options, Ed25519KeyPair identity, String agentVersion, Path peersPath,
            BlockStore store) throws IOException {
        List<String> swarmAddresses = options.swarmAddresses();
        List<String> bootstrap = options.bootstrap();
        Optional<DhtMode> mode;
        try {
            mode = DhtMode.forRoutingType(options.routingType());
        } catch (IllegalArgumentException e) {
            throw new DaemonConfigException("Routing.Type: " + options.routingType()
                    + " is not one of auto, dht, dhtclient, dhtserver, none");
        }
        PeerStore peers = new MemoryPeerStore(MAX_PEERS);
        PeerStoreFile file = new PeerStoreFile(peersPath);
        file.loadInto(peers);
        HostBuilder b = Host.builder(identity).agentVersion(agentVersion).peerStore(peers);
        if (options.loopbackNetwork()) {
            // every peer of a network on one machine shares 127.0.0.1
            b.maxConnectionsPerIp(1000);
        }
        int usable = 0;
        for (String text : swarmAddresses) {
            Multiaddr a = parse("Addresses.Swarm", text);
            if (a.components().size() == 2 && a.has(Protocol.TCP) && a.ipAddress().isPresent()) {
                b.listen(a);
                usable++;
            } else {
                LOG.warn("Addresses.Swarm: {} skipped; Cairn listens on TCP over IPv4/IPv6 only", text);
            }
        }
        if (usable == 0 && !swarmAddresses.isEmpty()) {
            throw new DaemonConfigException("Addresses.Swarm: none of " + swarmAddresses + " is a TCP address");
        }
        List<Multiaddr> seeds = new ArrayList<>();
        for (String text : bootstrap) {
            Multiaddr a = parse("Bootstrap", text);
            if (a.peerId().isEmpty()) {
                LOG.warn("Bootstrap: {} has no /p2p/ peer ID; skipped", text);
            } else {
                seeds.add(a);
            }
        }
        Host host = b.start();
        RocksProviderStore providers = null;
        RocksProvideStore provideStore = null;
        try {
            KadDht dht = null;
            if (mode.isPresent()) {
                // Provider records persist beside the peers file: a restart keeps what others announced to us.
                providers = RocksProviderStore.open(peersPath.resolveSibling(RocksProviderStore.DIRECTORY),
                        ProviderLimits.defaults());
                // What we provide, and when each region is next due, persist too: a restart resumes the sweep.
                provideStore = RocksProvideStore.open(peersPath.resolveSibling(RocksProvideStore.DIRECTORY));
                KadDhtBuilder db = KadDht.builder(host).protocol(options.dhtProtocol()).mode(mode.get())
                        .providerStore(providers).loopbackNetwork(options.loopbackNetwork()).bootstrapPeers(seeds);
                RocksProvideStore ps = provideStore;
                db.provideKeySets(new RocksKeySet(ps.keys()), new RocksKeySet(ps.queue()))
                        .provideSchedule(restoredSchedule(ps), s -> ps.saveSchedule(s.encode()));
                dht = db.build();
                dht.start();
                dht.bootstrap().whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.info("DHT bootstrap: {}", e.toString());
                    }
                });
            } else {
                for (Multiaddr a : seeds) {
                    host.connect(a).whenComplete((c, e) -> {
                        if (e != null) {
                            LOG.info("bootstrap peer {} unreachable: {}", a, e.toString());
                        }
                    });
                }
            }
            return new SwarmService(host, file, store, dht, providers, provideStore, options.provideStrategy());
        } catch (IOException | RuntimeException e) {
            host.close();
            if (provideStore != null) {
                provideStore.close();
            }
            if (providers != null) {
                providers.close();
            }
            throw e;
        }
    }

    /** The schedule the last run saved; a damaged one is dropped (every key is then reprovided on a new one). */
    private static ProvideSchedule restoredSchedule(RocksProvideStore store) {
        Optional<byte[]> saved = store.loadSchedule();
        if (saved.isEmpty()) {
            return null;
        }
        try {
            return ProvideSchedule.decode(saved.get());
        } catch (ProvideScheduleFormatException e) {
            LOG.warn("the saved provide schedule is damaged and is started afresh: {}", e.getMessage());
            return null;
        }
    }

    private static Multiaddr parse(String key, String text) {
        try {
            return Multiaddr.parse(text);
        } catch (MultiaddrFormatException e) {
            throw new DaemonConfigException(key + ": " + text + " is not a multiaddr: " + e.getMessage());
        }
    }

    /**
     * Registers the swarm's meters: {@code cairn_blocks_fetched_total} (blocks the network gave and the store
     * kept), {@code cairn_blocks_served_total} (blocks sent to peers), and with a DHT the sweep provider's
     * {@code cairn_provide_queue_length}, {@code cairn_provide_keys}, {@code cairn_provide_provided_total},
     * {@code cairn_provide_lookup_messages_total} and {@code cairn_provide_failed_total}, and the DHT server's
     * {@code cairn_dht_requests_{answered,refused,malformed,throttled}_total},
     * {@code cairn_dht_streams_{refused,timed_out}_total}, {@code cairn_dht_peers_banned_total} and
     * {@code cairn_dht_peers_banned_now}. They read counters the swarm keeps anyway, so a swarm without a registry
     * pays nothing.
     */
    void bindMetrics(MeterRegistry registry) {
        FunctionCounter.builder("cairn.blocks.fetched", fetched, AtomicLong::get)
                .description("Blocks fetched from the network and stored").register(registry);
        FunctionCounter.builder("cairn.blocks.served", served, CountingBlockStore::reads)
                .description("Blocks sent to peers over Bitswap").register(registry);
        if (dht != null) {
            Gauge.builder("cairn.provide.queue.length", this, x -> x.statsNow(ProvideStats::queueLength))
                    .description("Keys waiting for their first announcement").register(registry);
            Gauge.builder("cairn.provide.keys", this, x -> x.statsNow(ProvideStats::keys))
                    .description("Keys this node provides and reprovides").register(registry);
            FunctionCounter.builder("cairn.provide.provided", this, x -> x.statsNow(ProvideStats::keysProvided))
                    .description("Keys announced to the DHT").register(registry);
            FunctionCounter.builder("cairn.provide.lookup.messages", this,
                    x -> x.statsNow(ProvideStats::lookupMessages))
                    .description("FIND_NODE requests sent by provide sweeps").register(registry);
            FunctionCounter.builder("cairn.provide.failed", this, x -> x.statsNow(ProvideStats::batchesFailed))
                    .description("ADD_PROVIDER batches that could not be delivered").register(registry);
            dhtServerCounter(registry, "cairn.dht.requests.answered", DhtStats::requestsAnswered,
                    "DHT requests from peers answered (ADD_PROVIDER included)");
            dhtServerCounter(registry, "cairn.dht.requests.refused", DhtStats::requestsRefused,
                    "DHT requests refused: over-long key, provider record naming another peer, invalid record");
            dhtServerCounter(registry, "cairn.dht.requests.malformed", DhtStats::malformed,
                    "DHT messages from peers that did not decode or were too large");
            dhtServerCounter(registry, "cairn.dht.requests.throttled", DhtStats::requestsThrottled,
                    "DHT requests refused because their peer was over its request rate");
            dhtServerCounter(registry, "cairn.dht.streams.refused", DhtStats::streamsRefused,
                    "Inbound DHT streams reset at once: too many open, or the peer is banned");
            dhtServerCounter(registry, "cairn.dht.streams.timed.out", DhtStats::streamsTimedOut,
                    "Inbound DHT streams reset because no request came in time");
            dhtServerCounter(registry, "cairn.dht.peers.banned", DhtStats::peersBanned,
                    "Peers banned from the DHT server for misbehaviour");
            Gauge.builder("cairn.dht.peers.banned.now", dht, d -> d.stats().peersBannedNow())
                    .description("Peers refused by the DHT server right now").register(registry);
        }
    }

    private void dhtServerCounter(MeterRegistry registry, String name, java.util.function.ToLongFunction<DhtStats> f,
            String description) {
        FunctionCounter.builder(name, dht, d -> f.applyAsLong(d.stats())).description(description).register(registry);
    }

    /** One provider statistic for a scrape; NaN when the DHT does not answer within a second. */
    private double statsNow(java.util.function.ToLongFunction<ProvideStats> field) {
        try {
            return field.applyAsLong(dht.provideStats().get(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException | TimeoutException e) {
            return Double.NaN;
        }
    }

    public Host host() {
        return host;
    }

    @Override
    public String name() {
        return "Swarm";
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return new ArrayList<>(host.listenAddresses());
    }

    @Override
    public BlockSource blockSource() {
        return blockSource;
    }

    @Override
    public CompletableFuture<Integer> fetchDag(Cid root, BlockSink sink) {
        return fetcher.fetch(root, sink);
    }

    @Override
    public List<SwarmPeer> peers() {
        List<SwarmPeer> out = new ArrayList<>();
        for (Connection c : host.connections()) {
            out.add(new SwarmPeer(c.remoteAddress().toString(), c.remotePeer().toString(), c.isOutbound()));
        }
        return out;
    }

    @Override
    public String connect(String multiaddr) throws IOException {
        Multiaddr a;
        try {
            a = Multiaddr.parse(multiaddr);
        } catch (MultiaddrFormatException e) {
            throw RpcException.client("invalid multiaddr " + multiaddr + ": " + e.getMessage());
        }
        if (a.peerId().isEmpty()) {
            throw RpcException.client(multiaddr + " has no /p2p/ peer ID");
        }
        try {
            PeerId peer = host.connect(a).get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS).remotePeer();
            return peer.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while connecting to " + multiaddr);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RpcException("connect " + a.peerId().get() + " failure: " + cause.getMessage());
        }
    }

    @Override
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (Multiaddr a : host.listenAddresses()) {
            out.add(a + "/p2p/" + host.peerId());
        }
        return out;
    }

    @Override
    public List<String> protocols() {
        return new ArrayList<>(host.protocols());
    }

    @Override
    public List<PeerAddresses> findProviders(Cid cid, int max) throws IOException {
        List<PeerId> found = await(requireDht().findProviders(cid.multihash(), max), "finding providers of " + cid);
        List<PeerAddresses> out = new ArrayList<>();
        for (PeerId p : found) {
            out.add(addressesOf(p));
        }
        return out;
    }

    @Override
    public void provide(Cid cid) throws IOException {
        await(requireDht().provide(cid.multihash()), "providing " + cid);
    }

    @Override
    public ProvideStat provideStat() throws IOException {
        ProvideStats s = await(requireDht().provideStats(), "reading the provider's statistics");
        ProvideStats.Cycle last = s.lastCycle();
        return new ProvideStat(s.keys(), s.queueLength(), s.regions(), s.prefixLength(), s.sweepsInFlight(),
                s.sweeps(), s.failedSweeps(), s.lookups(), s.lookupMessages(), s.keysProvided(),
                s.addProviderMessages(), s.batches(), s.batchesFailed(), s.keysPerSecond(),
                last == null ? 0 : last.start(), last == null ? 0 : last.end(),
                last == null ? 0 : last.keysReprovided(),
                s.currentCycle().start(), s.currentCycle().keysProvided());
    }

    @Override
    public Optional<PeerAddresses> findPeer(String peerId) throws IOException {
        PeerId peer;
        try {
            peer = PeerId.parse(peerId);
        } catch (FormatException e) {
            throw RpcException.client("invalid peer ID " + peerId + ": " + e.getMessage());
        }
        Optional<DhtPeer> found = await(requireDht().findPeer(peer), "finding peer " + peerId);
        return found.map(p -> {
            List<String> addrs = new ArrayList<>();
            p.addresses().forEach(a -> addrs.add(a.toString()));
            return new PeerAddresses(peerId, addrs);
        });
    }

    /**
     * Starts providing what an add, import or pin stored, as {@code Provide.Strategy} says: {@code roots} only the
     * roots; {@code all} and {@code pinned} every block (what was stored here was pinned by the caller). The keys
     * join the sweep provider's persistent queue and are announced region by region, then reprovided every 22 h.
     */
    @Override
    public void announce(List<Cid> roots, List<Cid> blocks) {
        if (dht == null) {
            return;
        }
        List<Multihash> keys = new ArrayList<>();
        roots.forEach(c -> keys.add(c.multihash()));
        if (!"roots".equals(provideStrategy)) {
            blocks.forEach(c -> keys.add(c.multihash()));
        }
        dht.startProviding(keys).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("could not queue {} keys for providing: {}", keys.size(), e.toString());
            }
        });
    }

    @Override
    public void withdraw(java.util.Collection<Multihash> keys) {
        if (dht == null || keys.isEmpty()) {
            return;
        }
        dht.stopProviding(List.copyOf(keys)).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("could not stop providing {} deleted blocks: {}", keys.size(), e.toString());
            }
        });
    }

    private PeerAddresses addressesOf(PeerId p) {
        List<String> addrs = new ArrayList<>();
        host.peerStore().addresses(p).forEach(a -> addrs.add(a.toString()));
        return new PeerAddresses(p.toString(), addrs);
    }

    private KadDht requireDht() {
        if (dht == null) {
            throw new RpcException("routing is not available: Routing.Type is none");
        }
        return dht;
    }

    private static <T> T await(CompletableFuture<T> f, String what) throws IOException {
        try {
            return f.get(ROUTING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while " + what);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RpcException(what + " timed out after " + ROUTING_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new RpcException(what + " failed: " + c.getMessage());
        }
    }

    @Override
    public void close() {
        if (dht != null) {
            dht.close(); // saves the provide schedule
        }
        if (provideStore != null) {
            provideStore.close();
        }
        if (providers != null) {
            try {
                providers.close();
            } catch (IOException e) {
                LOG.warn("closing the provider store: {}", e.toString());
            }
        }
        bitswap.close();
        io.shutdown();
        try {
            peersFile.save(host.peerStore());
        } catch (IOException | FormatException e) {
            LOG.warn("could not save the peer store to {}: {}", peersFile, e.toString());
        }
        host.close();
    }
}
