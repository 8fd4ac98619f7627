package io.cairn.node.daemon;

import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.MultiaddrFormatException;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.PeerId;
import io.cairn.gateway.rpc.RpcException;
import io.cairn.network.bitswap.Bitswap;
import io.cairn.network.host.Connection;
import io.cairn.network.host.Host;
import io.cairn.network.host.HostBuilder;
import io.cairn.network.host.MemoryPeerStore;
import io.cairn.network.host.PeerStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.cairn.node.rpc.NodeNetwork;
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

    private SwarmService(Host host, PeerStoreFile peersFile, BlockStore store) {
        this.host = host;
        this.peersFile = peersFile;
        this.bitswap = Bitswap.builder(host, store).start();
        this.io = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cairn-fetch-io");
            t.setDaemon(true);
            return t;
        });
        this.blockSource = new NetworkBlockSource(store, bitswap, io, cid -> bitswap.blocksAdded(List.of(cid)));
        this.fetcher = new DagFetcher(store, blockSource, io, FETCH_PARALLELISM);
    }

    static SwarmService start(List<String> swarmAddresses, List<String> bootstrap, Ed25519KeyPair identity,
            String agentVersion, Path peersPath, BlockStore store) throws IOException {
        PeerStore peers = new MemoryPeerStore(MAX_PEERS);
        PeerStoreFile file = new PeerStoreFile(peersPath);
        file.loadInto(peers);
        HostBuilder b = Host.builder(identity).agentVersion(agentVersion).peerStore(peers);
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
        Host host = b.start();
        for (String text : bootstrap) {
            Multiaddr a = parse("Bootstrap", text);
            if (a.peerId().isEmpty()) {
                LOG.warn("Bootstrap: {} has no /p2p/ peer ID; skipped", text);
                continue;
            }
            host.connect(a).whenComplete((c, e) -> {
                if (e != null) {
                    LOG.info("bootstrap peer {} unreachable: {}", text, e.toString());
                }
            });
        }
        try {
            return new SwarmService(host, file, store);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private static Multiaddr parse(String key, String text) {
        try {
            return Multiaddr.parse(text);
        } catch (MultiaddrFormatException e) {
            throw new DaemonConfigException(key + ": " + text + " is not a multiaddr: " + e.getMessage());
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
    public void close() {
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
