package io.cairn.testnet.inproc;

import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.gateway.GatewayOptions;
import io.cairn.gateway.GatewayServer;
import io.cairn.gateway.LocalBlocks;
import io.cairn.network.bitswap.Bitswap;
import io.cairn.network.dht.DhtMode;
import io.cairn.network.dht.KadDht;
import io.cairn.network.dht.KadDhtBuilder;
import io.cairn.network.host.Host;
import io.cairn.network.host.HostBuilder;
import io.cairn.node.daemon.NetworkBlockSource;
import io.cairn.testnet.fault.FaultNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * N Cairn nodes in this JVM on loopback TCP, one private DHT, every connection through one {@link FaultNetwork}.
 * The first two nodes are the seeds every other node bootstraps from (node2 from node1 only); {@link #start}
 * bootstraps every node twice (the second round lets early nodes learn of later ones, as the periodic refresh
 * would).
 *
 * <p>Identities come from the seed, so a run with the same seed has the same peer IDs. Each node costs a Netty
 * event loop, a DHT thread and two Bitswap threads (a gateway adds an accept thread, and I/O and worker threads once
 * it serves): a few dozen nodes fit on two cores for tests, two hundred start in about a minute (TESTNET.md).
 *
 * <p>{@link #close()} closes every node and host started through this testnet, including those of {@link #newHost}.
 */
public final class InProcessTestnet implements AutoCloseable {
    /** The DHT protocol of in-process testnets: no public peer speaks it. */
    public static final String DHT_PROTOCOL = "/cairn-inproc/kad/1.0.0";

    private final Builder config;
    private final FaultNetwork faults;
    private final Random random;
    private final List<InProcessNode> nodes = new CopyOnWriteArrayList<>();
    private final List<Host> extraHosts = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> extras = new CopyOnWriteArrayList<>();

    private InProcessTestnet(Builder b) {
        this.config = b;
        this.faults = b.faults != null ? b.faults : new FaultNetwork(b.seed);
        this.random = new Random(b.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures an {@link InProcessTestnet}; defaults suit tests on two cores (short timeouts). */
    public static final class Builder {
        private int nodes = 6;
        private long seed = 1;
        private FaultNetwork faults;
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Duration fetchTimeout = Duration.ofSeconds(30);
        private Duration wantTimeout = Duration.ofSeconds(1);
        private GatewayOptions gateways;
        private int bootstrapParallelism = 1;
        private Duration idleTimeout;

        private Builder() {
        }

        /** How many honest nodes {@link #start} starts (at least 2: the seeds). */
        public Builder nodes(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("at least 2 nodes: " + n);
            }
            nodes = n;
            return this;
        }

        /** Seeds identities and, unless {@link #faults} is given, the fault network's randomness. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder faults(FaultNetwork faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** How long one DHT request may take, dial included. */
        public Builder requestTimeout(Duration d) {
            requestTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How long one Bitswap block fetch may take. */
        public Builder fetchTimeout(Duration d) {
            fetchTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How long a peer may leave a want-block unanswered before the next peer is asked. */
        public Builder wantTimeout(Duration d) {
            wantTimeout = Objects.requireNonNull(d);
            return this;
        }

        /**
         * Gives every node an HTTP gateway on {@code 127.0.0.1:0} with these options, reading the node's store, else
         * Bitswap (see {@link InProcessNode#gatewayUrl}); null (the default) for none.
         */
        public Builder gateways(GatewayOptions options) {
            gateways = options;
            return this;
        }

        /**
         * How many nodes bootstrap at once in each of {@link #start}'s two rounds (default 1: one after another, so
         * each lookup sees every node before it). More makes a few hundred nodes ready sooner; the second round
         * still lets every node learn of the others.
         */
        public Builder bootstrapParallelism(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("bootstrapParallelism must be positive: " + n);
            }
            bootstrapParallelism = n;
            return this;
        }

        /**
         * Closes a connection that had no open stream for this long (default: the host's own, minutes). Kademlia
         * lookups in a network of a few hundred nodes leave each node connected to nearly all the others; a short
         * limit keeps sockets (two descriptors per connection in one JVM) within the process's file limit.
         */
        public Builder idleTimeout(Duration d) {
            idleTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Starts and bootstraps the nodes; on failure, stops what was started. */
        public InProcessTestnet start() throws IOException {
            InProcessTestnet net = new InProcessTestnet(this);
            try {
                for (int i = 0; i < nodes; i++) {
                    net.addNode();
                }
                for (int round = 0; round < 2; round++) {
                    // the first seed has no one to bootstrap from until the others connected to it
                    List<InProcessNode> todo = round == 0 ? net.nodes.subList(1, net.nodes.size()) : net.nodes;
                    for (int from = 0; from < todo.size(); from += bootstrapParallelism) {
                        List<InProcessNode> batch = todo.subList(from, Math.min(todo.size(), from
                                + bootstrapParallelism));
                        List<CompletableFuture<?>> running = new ArrayList<>();
                        for (InProcessNode n : batch) {
                            running.add(n.dht().bootstrap());
                        }
                        for (int i = 0; i < batch.size(); i++) {
                            InProcessNode.await(running.get(i), 60_000, "bootstrapping " + batch.get(i).name());
                        }
                    }
                }
                return net;
            } catch (IOException | RuntimeException e) {
                net.close();
                throw e;
            }
        }
    }

    public FaultNetwork faults() {
        return faults;
    }

    public List<InProcessNode> nodes() {
        return List.copyOf(nodes);
    }

    public InProcessNode node(int i) {
        return nodes.get(i);
    }

    /** The seeds' addresses: what every node bootstraps from. */
    public List<Multiaddr> seeds() {
        List<Multiaddr> out = new ArrayList<>();
        for (int i = 0; i < Math.min(2, nodes.size()); i++) {
            out.add(nodes.get(i).address());
        }
        return out;
    }

    /**
     * A host on loopback with this testnet's settings and fault layer, registered with the fault network and closed
     * with the testnet: the base of a node built by hand (a hostile one, say).
     */
    public Host newHost() throws IOException {
        Host h = startHost();
        extraHosts.add(h);
        return h;
    }

    /** Closes {@code c} with the testnet, before the hosts (a service built on a {@link #newHost}, say). */
    public void closeWithTestnet(AutoCloseable c) {
        extras.add(c);
    }

    private Host startHost() throws IOException {
        byte[] seed = new byte[Ed25519KeyPair.SEED_LENGTH];
        synchronized (random) {
            random.nextBytes(seed);
        }
        Ed25519KeyPair id = Ed25519KeyPair.fromSeed(seed);
        HostBuilder hb = Host.builder(id);
        if (config.idleTimeout != null) {
            hb.idleTimeout(config.idleTimeout);
        }
        Host h = hb
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(1)
                .maxConnectionsPerIp(1000) // every peer of a loopback network shares one IP
                .dialTimeout(config.requestTimeout)
                .upgradeTimeout(config.requestTimeout)
                .channelHook(faults.hookFor(id.peerId()))
                .start();
        faults.register(h.peerId(), h.listenAddresses());
        return h;
    }

    /** Starts one more honest node, bootstrapped from the seeds (its {@code bootstrap()} not yet run). */
    public InProcessNode addNode() throws IOException {
        Host host = startHost();
        KadDht dht = null;
        try {
            KadDhtBuilder db = KadDht.builder(host).protocol(DHT_PROTOCOL).mode(DhtMode.SERVER).loopbackNetwork(true)
                    .requestTimeout(config.requestTimeout);
            for (Multiaddr s : seeds()) {
                db.bootstrapPeer(s);
            }
            dht = db.build();
            dht.start();
            KadDht finder = dht;
            MemoryBlockStore store = new MemoryBlockStore();
            Bitswap bitswap = Bitswap.builder(host, store)
                    .providerFinder(cid -> finder.findProviders(cid.multihash(), 10))
                    .fetchTimeout(config.fetchTimeout)
                    .wantTimeout(config.wantTimeout)
                    .providerSearchDelay(Duration.ofMillis(300))
                    .ioThreads(1)
                    .start();
            GatewayServer gateway = null;
            try {
                if (config.gateways != null) {
                    gateway = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0),
                            new NetworkBlockSource(store, bitswap, Runnable::run,
                                    cid -> bitswap.blocksAdded(List.of(cid))), LocalBlocks.of(store), config.gateways);
                }
            } catch (IOException | RuntimeException e) {
                bitswap.close();
                throw e;
            }
            InProcessNode n = new InProcessNode("node" + (nodes.size() + 1), host, dht, bitswap, store, gateway);
            nodes.add(n);
            return n;
        } catch (IOException | RuntimeException e) {
            if (dht != null) {
                dht.close();
            }
            host.close();
            throw e;
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : extras) {
            try {
                c.close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                first = first == null ? r : first;
            }
        }
        for (InProcessNode n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        for (Host h : extraHosts) {
            try {
                h.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
