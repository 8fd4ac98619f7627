package io.cairn.network.bitswap;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.bitswap.BitswapMessage.Presence;
import io.cairn.network.bitswap.BitswapMessage.PresenceType;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import io.cairn.network.host.Connection;
import io.cairn.network.host.Host;
import io.cairn.network.host.PeerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetching half of Bitswap: which peers may have which blocks, and the sessions that want blocks.
 *
 * <p>Threading: every field here and in the sessions is confined to {@code actor}, one thread; the network calls in
 * through {@link #onMessage}, {@link #peerBroken} and connection events, which hop onto it. Nothing on the actor
 * blocks: sends are queued on {@link PeerSender}s.
 *
 * <p>Verification: a block reaches the client named by the CID its own bytes hash to (the codec recomputes it from
 * prefix and data). A block is handed to a waiter only when that multihash equals the wanted one, so no byte that
 * fails its CID is ever handed out. A block whose multihash this client never asked that peer for, nor any peer
 * lately (a peer whose connection was reset may answer on the next one a want it heard on the last), is what a
 * corrupt block looks like on the wire; the peer is then marked bad, forgotten by every session and never asked
 * again.
 */
final class BitswapClient {
    private static final Logger LOG = LoggerFactory.getLogger(BitswapClient.class);
    private static final int MAX_BAD_PEERS = 10_000;

    final Host host;
    final ScheduledExecutorService actor;
    final Function<Cid, CompletableFuture<List<PeerId>>> providerFinder;
    final Duration fetchTimeout;
    final Duration wantTimeout;
    final Duration providerSearchDelay;
    final int maxOutstandingPerSession;
    /** How many multihashes {@link #recentlyAsked} remembers (a few MiB at most). */
    static final int RECENTLY_ASKED = 65_536;
    private final Function<PeerId, PeerSender> senders;

    /** Connected peers that speak Bitswap, and whether they speak 1.2.0 (want-have and DONT_HAVE). */
    private final Map<PeerId, Boolean> peers = new LinkedHashMap<>();
    private final Set<Connection> watched = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Set<PeerId> bad = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Boolean> eldest) {
            return size() > MAX_BAD_PEERS;
        }
    });
    private final List<BitswapSessionImpl> sessions = new ArrayList<>();
    /**
     * Multihashes this client asked any peer for lately. A connection that is reset and re-established gets a new
     * {@link PeerSender} with an empty wantlist, while the peer may still answer a want it heard on the old one: that
     * late block is not unasked. A corrupt block names a multihash nobody asked for, so it is still caught.
     */
    private final Map<Multihash, Boolean> recentlyAsked = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Multihash, Boolean> eldest) {
            return size() > RECENTLY_ASKED;
        }
    };

    BitswapClient(Host host, ScheduledExecutorService actor, Function<PeerId, PeerSender> senders,
            Function<Cid, CompletableFuture<List<PeerId>>> providerFinder, Duration fetchTimeout,
            Duration wantTimeout, Duration providerSearchDelay, int maxOutstandingPerSession) {
        this.host = host;
        this.actor = actor;
        this.senders = senders;
        this.providerFinder = providerFinder;
        this.fetchTimeout = fetchTimeout;
        this.wantTimeout = wantTimeout;
        this.providerSearchDelay = providerSearchDelay;
        this.maxOutstandingPerSession = maxOutstandingPerSession;
        long tick = Math.max(20, Math.min(250, wantTimeout.toMillis() / 4));
        actor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    BitswapSessionImpl newSession() {
        BitswapSessionImpl s = new BitswapSessionImpl(this);
        actor.execute(() -> sessions.add(s));
        return s;
    }

    void sessionClosed(BitswapSessionImpl s) {
        sessions.remove(s);
    }

    /** Closes every session (actor only): the client is shutting down. */
    void closeAll() {
        for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
            s.closeNow();
        }
    }

    // ---- peers (actor only) ----

    /** Bitswap peers to ask, freshly read from the host's connections. */
    Map<PeerId, Boolean> peers() {
        refreshPeers();
        return peers;
    }

    boolean isBad(PeerId p) {
        return bad.contains(p);
    }

    PeerSender sender(PeerId p) {
        return senders.apply(p);
    }

    private void refreshPeers() {
        for (Connection c : host.connections()) {
            PeerId p = c.remotePeer();
            if (!c.isOpen() || peers.containsKey(p) || bad.contains(p)) {
                continue;
            }
            PeerInfo info = c.identified().getNow(null);
            if (info == null) {
                if (!c.identified().isDone() && watched.add(c)) {
                    c.identified().whenComplete((i, e) -> actor.execute(() -> {
                        watched.remove(c);
                        refreshPeers();
                    }));
                }
                continue;
            }
            boolean v12 = info.protocols().contains(BitswapVersion.V1_2_0.protocolId());
            boolean any = v12 || info.protocols().contains(BitswapVersion.V1_1_0.protocolId())
                    || info.protocols().contains(BitswapVersion.V1_0_0.protocolId());
            if (!any) {
                continue;
            }
            peers.put(p, v12);
            c.closeFuture().whenComplete((v, e) -> actor.execute(() -> peerGone(p)));
            for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
                s.peerAppeared(p, v12);
            }
        }
    }

    /** A provider the finder named: connect, then ask it like any connected peer. */
    void connectProvider(PeerId p) {
        if (p.equals(host.peerId()) || bad.contains(p) || peers.containsKey(p)) {
            return;
        }
        host.connect(p).thenCompose(Connection::identified)
                .whenComplete((info, e) -> actor.execute(() -> {
                    if (e != null) {
                        LOG.debug("provider {} unreachable: {}", p, e.toString());
                    } else {
                        refreshPeers();
                    }
                }));
    }

    /** Called off the actor when a sender's stream broke. */
    void peerBroken(PeerId p) {
        actor.execute(() -> peerGone(p));
    }

    private void peerGone(PeerId p) {
        if (peers.remove(p) == null) {
            return;
        }
        for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
            s.peerGone(p);
        }
    }

    private void markBad(PeerId p, String why) {
        LOG.warn("dropping bitswap peer {}: {}", p, why);
        bad.add(p);
        peers.remove(p);
        for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
            s.peerGone(p);
        }
    }

    // ---- inbound (any thread) ----

    void onMessage(PeerId from, List<Block> blocks, List<Presence> presences) {
        if (blocks.isEmpty() && presences.isEmpty()) {
            return;
        }
        actor.execute(() -> {
            if (bad.contains(from)) {
                return;
            }
            PeerSender sender = senders.apply(from);
            for (Block b : blocks) {
                Multihash mh = b.cid().multihash();
                if (!sender.asked(mh) && !recentlyAsked.containsKey(mh)) {
                    markBad(from, "sent a block we never asked it for (" + b.cid() + ")");
                    return;
                }
                boolean used = false;
                for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
                    used |= s.blockArrived(from, b);
                }
                if (!used) {
                    sender.cancel(mh);
                }
            }
            for (Presence p : presences) {
                Multihash mh = p.cid().multihash();
                if (!sender.wants(mh)) {
                    continue;
                }
                for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
                    s.presence(from, mh, p.type() == PresenceType.HAVE);
                }
            }
        });
    }

    /** No session wants {@code mh} any more: revoke it from every peer that heard of it. */
    void cancelEverywhere(Multihash mh, Set<PeerId> asked) {
        for (BitswapSessionImpl s : sessions) {
            if (s.wants(mh)) {
                return;
            }
        }
        for (PeerId p : asked) {
            senders.apply(p).cancel(mh);
        }
    }

    void want(PeerId p, Cid cid, WantType type, boolean v12) {
        recentlyAsked.put(cid.multihash(), Boolean.TRUE);
        senders.apply(p).want(cid, type, v12, 1);
    }

    private void tick() {
        try {
            refreshPeers();
            long now = System.nanoTime();
            for (BitswapSessionImpl s : new ArrayList<>(sessions)) {
                s.tick(now);
            }
        } catch (RuntimeException e) {
            LOG.error("bitswap client tick failed", e);
        }
    }
}
