package io.cairn.testnet.inproc;

import io.cairn.core.block.BlockStore;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.PeerId;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.gateway.GatewayServer;
import io.cairn.network.bitswap.Bitswap;
import io.cairn.network.bitswap.BitswapSession;
import io.cairn.network.dht.KadDht;
import io.cairn.network.host.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One in-process Cairn node of an {@link InProcessTestnet}: host, DHT server, Bitswap, in-memory block store, and,
 * when the testnet was built with {@code gateways(true)}, an HTTP gateway on 127.0.0.1 reading the store, else
 * Bitswap. Closed by its testnet.
 */
public final class InProcessNode implements AutoCloseable {
    private final String name;
    private final Host host;
    private final KadDht dht;
    private final Bitswap bitswap;
    private final MemoryBlockStore store;
    private final GatewayServer gateway;

    /** {@code gateway}: null for none. */
    InProcessNode(String name, Host host, KadDht dht, Bitswap bitswap, MemoryBlockStore store, GatewayServer gateway) {
        this.name = name;
        this.host = host;
        this.dht = dht;
        this.bitswap = bitswap;
        this.store = store;
        this.gateway = gateway;
    }

    public String name() {
        return name;
    }

    public PeerId peerId() {
        return host.peerId();
    }

    public Host host() {
        return host;
    }

    public KadDht dht() {
        return dht;
    }

    public Bitswap bitswap() {
        return bitswap;
    }

    public BlockStore store() {
        return store;
    }

    /** {@code http://127.0.0.1:PORT} of this node's gateway; empty when the testnet has no gateways. */
    public Optional<URI> gatewayUrl() {
        return gateway == null ? Optional.empty()
                : Optional.of(URI.create("http://127.0.0.1:" + gateway.port()));
    }

    /** The first listen address with {@code /p2p/ID}: what a bootstrap list names. */
    public Multiaddr address() {
        return host.listenAddresses().get(0).encapsulate(Component.p2p(host.peerId()));
    }

    /**
     * Imports {@code content} as one UnixFS file (Kubo's defaults) into this node's store, tells Bitswap, and
     * announces the root in the DHT, waiting up to {@code timeoutMillis} for the announcement to be sent.
     */
    public Cid add(byte[] content, long timeoutMillis) throws IOException {
        List<Cid> added = new ArrayList<>();
        UnixFsImporter importer = new UnixFsImporter(ImportOptions.defaults(), b -> {
            store.put(b);
            added.add(b.cid());
        }, (path, link) -> { });
        FileLink root = importer.addStream(new ByteArrayInputStream(content));
        bitswap.blocksAdded(added);
        await(dht.provide(root.cid().multihash()), timeoutMillis, "announcing " + root.cid());
        return root.cid();
    }

    /**
     * Reads the whole file {@code root} through one Bitswap session (finding providers through the DHT when no
     * connected peer has a block). Blocks are not kept: every fetch goes to the network.
     */
    public byte[] fetch(Cid root) throws IOException {
        try (BitswapSession session = bitswap.newSession(); InputStream in = new UnixFsReader(session).open(root)) {
            return in.readAllBytes();
        }
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> f, long timeoutMillis, String what)
            throws IOException {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException(what + " took over " + timeoutMillis + " ms", e);
        }
    }

    @Override
    public void close() {
        try {
            if (gateway != null) {
                gateway.close();        // first: its requests wait on Bitswap
            }
            bitswap.close();
            dht.close();
        } finally {
            host.close();
        }
    }

    @Override
    public String toString() {
        return name + " " + host.peerId();
    }
}
