package io.cairn.testnet.adversary;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.bitswap.Bitswap;
import io.cairn.network.dht.DhtMessage;
import io.cairn.network.dht.DhtMessageCodec;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.host.Connection;
import io.cairn.network.host.Host;
import io.cairn.testnet.inproc.InProcessNode;
import io.cairn.testnet.inproc.InProcessTestnet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A peer that lies: a real host of an {@link InProcessTestnet} (so the fault layer applies to it too) that speaks
 * the testnet's DHT protocol through {@link LyingDhtHandler} and serves real Bitswap over {@link CorruptBlockStore}
 * (HAVE for everything, wrong bytes for every block). Honest nodes learn of it as they learn of any DHT server: it
 * connects to them and identify tells them it serves the DHT protocol. Closed with its testnet.
 */
public final class MaliciousNode {
    private final Host host;
    private final LyingDhtHandler dht;
    private final CorruptBlockStore store;
    private final Bitswap bitswap;

    /** What this node did to the others so far. */
    public record Stats(long findNodeLies, long getProvidersLies, long fakePeersSent, long falseAnnouncements,
            long corruptBlocksServed) {
        /** DHT answers that were lies. */
        public long dhtLies() {
            return findNodeLies + getProvidersLies;
        }
    }

    private long falseAnnouncements;

    private MaliciousNode(Host host, LyingDhtHandler dht, CorruptBlockStore store, Bitswap bitswap) {
        this.host = host;
        this.dht = dht;
        this.store = store;
        this.bitswap = bitswap;
    }

    /**
     * Starts a liar on a new host of {@code net} and connects it to every honest node there, so that it enters
     * their routing tables and Bitswap peer lists.
     */
    public static MaliciousNode start(InProcessTestnet net, long seed) throws IOException {
        Host host = net.newHost();
        Multiaddr dead = deadAddress();
        LyingDhtHandler dht = new LyingDhtHandler(host, dead,
                () -> net.nodes().stream().map(InProcessNode::peerId).toList(), seed);
        host.handle(InProcessTestnet.DHT_PROTOCOL, dht);
        CorruptBlockStore store = new CorruptBlockStore(seed ^ 0x5eedL);
        Bitswap bitswap = Bitswap.builder(host, store).ioThreads(1).start();
        MaliciousNode m = new MaliciousNode(host, dht, store, bitswap);
        List<CompletableFuture<Connection>> dials = new ArrayList<>();
        for (InProcessNode n : net.nodes()) {
            dials.add(host.connect(n.address()).thenCompose(c -> c.identified().thenApply(i -> c)));
        }
        for (CompletableFuture<Connection> d : dials) {
            d.handle((c, e) -> c).orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        net.closeWithTestnet(bitswap);
        return m;
    }

    /** A loopback TCP address where nothing listens: a port bound and released at once. */
    private static Multiaddr deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + s.getLocalPort());
        }
    }

    public PeerId peerId() {
        return host.peerId();
    }

    public Multiaddr address() {
        return host.listenAddresses().get(0).encapsulate(Component.p2p(host.peerId()));
    }

    /** Every peer ID this node invented so far: none may show up in an honest routing table. */
    public Set<PeerId> inventedPeers() {
        return Set.copyOf(dht.fakes);
    }

    /**
     * Announces itself to each of {@code nodes} as a provider of {@code key}, which it does not have (an
     * ADD_PROVIDER naming itself, which honest servers accept from the peer it names). Returns how many were sent.
     */
    public int announceFalsely(Multihash key, List<InProcessNode> nodes, Duration timeout) {
        int sent = 0;
        byte[] message = DhtMessageCodec.encode(DhtMessage.addProvider(key,
                DhtPeer.of(host.peerId(), host.listenAddresses())));
        for (InProcessNode n : nodes) {
            try {
                host.newStream(n.peerId(), List.of(InProcessTestnet.DHT_PROTOCOL))
                        .thenCompose(s -> s.writeMessage(message).thenRun(s::closeWrite))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                sent++;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // an unreachable victim is one fewer lie told; the count says so
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            falseAnnouncements += sent;
        }
        return sent;
    }

    public synchronized Stats stats() {
        return new Stats(dht.findNodeLies.get(), dht.getProvidersLies.get(), dht.fakePeersSent.get(),
                falseAnnouncements, store.served.get());
    }

    @Override
    public String toString() {
        return "liar " + host.peerId();
    }
}
