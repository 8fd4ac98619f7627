package io.cairn.network.bitswap;

import io.cairn.core.FormatException;
import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitswap on a host: the inbound stream readers, one {@link PeerSender} per peer, the {@link BitswapServer} and
 * the {@link BitswapClient}.
 *
 * <p>Inbound streams are read one message at a time until they end; each message is decoded on the I/O executor
 * (hashing a block is work an event loop should not do) and only then is the next one read, so a stream holds at
 * most one message and a peer at most {@code maxInboundStreamsPerPeer} of them. A stream that sends a malformed
 * message is reset.
 */
final class HostBitswap implements Bitswap {
    private static final Logger LOG = LoggerFactory.getLogger(HostBitswap.class);

    private final Host host;
    private final ThreadPoolExecutor io;
    private final ScheduledThreadPoolExecutor actor;
    private final ConcurrentHashMap<PeerId, PeerSender> senders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PeerId, AtomicInteger> inbound = new ConcurrentHashMap<>();
    private final int maxInboundStreamsPerPeer;
    private final BitswapServer server;
    private final BitswapClient client;
    private final BitswapSessionImpl shared;
    private volatile boolean closed;

    HostBitswap(BitswapBuilder b) {
        this.host = b.host;
        this.maxInboundStreamsPerPeer = b.maxInboundStreamsPerPeer;
        this.io = new ThreadPoolExecutor(b.ioThreads, b.ioThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("cairn-bitswap-io-"));
        io.allowCoreThreadTimeOut(true);
        this.actor = new ScheduledThreadPoolExecutor(1, threads("cairn-bitswap-client-"));
        actor.setRemoveOnCancelPolicy(true);
        actor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.server = new BitswapServer(b.store, io, this::sender, b.maxWantsPerPeer, b.turnBytes, b.ioThreads);
        this.client = new BitswapClient(host, actor, this::sender, b.providerFinder, b.fetchTimeout, b.wantTimeout,
                b.providerSearchDelay, b.maxOutstandingPerSession);
        this.shared = client.newSession();
        for (String id : BitswapVersion.PROTOCOL_IDS) {
            host.handle(id, this::accept);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public CompletableFuture<Block> get(Cid cid) {
        return shared.get(cid);
    }

    @Override
    public BitswapSession newSession() {
        return client.newSession();
    }

    @Override
    public void blocksAdded(Collection<Cid> cids) {
        server.blocksAdded(cids.stream().map(Cid::multihash).toList());
    }

    PeerSender sender(PeerId peer) {
        return senders.computeIfAbsent(peer, p -> {
            PeerSender s = new PeerSender(p, host, this::broken);
            host.connection(p).ifPresent(c -> c.closeFuture().whenComplete((v, e) -> gone(p, s)));
            return s;
        });
    }

    /** Test hook: drops the sender to {@code peer} as if its stream had failed for good; the connection stays. */
    void breakSender(PeerId peer) {
        PeerSender s = senders.get(peer);
        if (s != null) {
            broken(s);
            s.close();
        }
    }

    private void broken(PeerSender s) {
        if (senders.remove(s.peer, s)) {
            client.peerBroken(s.peer);
        }
    }

    private void gone(PeerId p, PeerSender s) {
        if (senders.remove(p, s)) {
            s.close();
        }
        server.peerGone(p);
    }

    @Override
    public boolean isBadPeer(PeerId peer) {
        try {
            return actor.submit(() -> client.isBad(peer)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server state for tests. */
    int serverWants(PeerId peer) {
        return server.wantCount(peer);
    }

    private void accept(P2pStream s) {
        PeerId p = s.connection().remotePeer();
        AtomicInteger open = inbound.computeIfAbsent(p, k -> new AtomicInteger());
        if (closed || open.incrementAndGet() > maxInboundStreamsPerPeer) {
            open.decrementAndGet();
            s.reset();
            return;
        }
        s.closeFuture().whenComplete((v, e) -> {
            if (open.decrementAndGet() == 0) {
                inbound.remove(p, open);
            }
        });
        readNext(s, p);
    }

    private void readNext(P2pStream s, PeerId p) {
        s.readMessage(BitswapCodec.MAX_MESSAGE_BYTES).whenComplete((bytes, e) -> {
            if (e != null) {
                LOG.debug("bitswap stream from {} failed: {}", p, e.toString());
                s.reset();
            } else if (bytes == null) {
                s.closeWrite();
            } else if (!closed) {
                try {
                    io.execute(() -> handle(s, p, bytes));
                } catch (java.util.concurrent.RejectedExecutionException re) {
                    s.reset();
                }
            }
        });
    }

    private void handle(P2pStream s, PeerId p, byte[] bytes) {
        BitswapMessage m;
        try {
            m = BitswapCodec.decode(bytes);
        } catch (FormatException e) {
            LOG.debug("malformed bitswap message from {}: {}", p, e.getMessage());
            s.reset();
            return;
        }
        if (!m.wantlist().isEmpty() || m.full()) {
            server.receive(p, m.wantlist(), m.full());
        }
        client.onMessage(p, m.blocks(), m.presences());
        readNext(s, p);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String id : BitswapVersion.PROTOCOL_IDS) {
            host.unhandle(id);
        }
        try {
            actor.execute(client::closeAll);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // already shutting down
        }
        actor.shutdown();
        try {
            actor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.values().forEach(PeerSender::close);
        senders.clear();
        io.shutdownNow();
    }
}
