package io.cairn.network.bitswap;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A set of wanted blocks fetched together, typically one DAG: peers that had earlier blocks are asked first for
 * later ones.
 *
 * <p>Per wanted block the session runs this state machine (on the client's actor thread): every 1.2.0 peer gets a
 * want-have with send-dont-have, except one that gets the want-block. A HAVE makes the peer a candidate; when no
 * want-block is out, the next candidate gets one. A want-block that brings neither the block nor DONT_HAVE within
 * {@code wantTimeout}, a DONT_HAVE, or a disconnect moves the want-block on to the next candidate (1.0.0/1.1.0
 * peers, which cannot say HAVE, are candidates by default). When no connected peer is a candidate, the provider
 * finder is asked: at once if no peer is connected, else after {@code providerSearchDelay}. When the block arrives
 * the waiters complete and every peer that heard of the want gets a cancel.
 *
 * <p>At most {@code maxOutstanding} blocks are wanted on the network at once; further gets wait in order.
 */
final class BitswapSessionImpl implements BitswapSession {
    private final BitswapClient client;
    private final Map<Multihash, WantState> active = new LinkedHashMap<>();
    private final Map<Multihash, WantState> queued = new LinkedHashMap<>();
    private final ArrayDeque<WantState> queueOrder = new ArrayDeque<>();
    /** Peers that had blocks of this session: preferred for want-blocks. Value: want-blocks now outstanding. */
    private final Map<PeerId, Integer> useful = new HashMap<>();
    private boolean closed;

    BitswapSessionImpl(BitswapClient client) {
        this.client = client;
    }

    private static final class Waiter {
        final Cid cid;
        final CompletableFuture<Block> future;

        Waiter(Cid cid, CompletableFuture<Block> future) {
            this.cid = cid;
            this.future = future;
        }
    }

    private final class WantState {
        final Multihash mh;
        final Cid cid;
        final List<Waiter> waiters = new ArrayList<>();
        /** Every peer that heard of this want; each gets a cancel at the end. */
        final Set<PeerId> told = new HashSet<>();
        /** Want-haves not yet answered, with when they were sent. */
        final Map<PeerId, Long> pendingHave = new HashMap<>();
        final Set<PeerId> candidates = new LinkedHashSet<>();
        /** Peers that said DONT_HAVE, timed out or left: not asked again until a rebroadcast. */
        final Set<PeerId> excluded = new HashSet<>();
        PeerId blockPeer;
        long blockDeadline;
        long activated;
        long lastSearch;
        long lastBroadcast;
        boolean searching;

        WantState(Cid cid) {
            this.cid = cid;
            this.mh = cid.multihash();
        }
    }

    // ---- public API (any thread) ----

    @Override
    public CompletableFuture<Block> get(Cid cid) {
        CompletableFuture<Block> result = new CompletableFuture<>();
        Waiter w = new Waiter(cid, result);
        try {
            client.actor.execute(() -> add(w));
            client.actor.schedule(() -> {
                BlockNotFoundException e = new BlockNotFoundException(cid);
                e.initCause(new TimeoutException("no peer sent " + cid + " within " + client.fetchTimeout));
                result.completeExceptionally(e);
            }, client.fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("bitswap is closed", e));
            return result;
        }
        // a cancelled or timed-out get withdraws its want; a completed one was already removed
        result.whenComplete((b, e) -> {
            if (e != null) {
                try {
                    client.actor.execute(() -> remove(w));
                } catch (java.util.concurrent.RejectedExecutionException ignored) {
                    // closing: every want goes with the client
                }
            }
        });
        return result;
    }

    @Override
    public void close() {
        try {
            client.actor.execute(this::closeNow);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // the client is closed and failed every want already
        }
    }

    /** Withdraws every want and fails its waiters (actor only). */
    void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        List<Waiter> all = new ArrayList<>();
        for (WantState ws : active.values()) {
            all.addAll(ws.waiters);
            ws.waiters.clear();
        }
        for (WantState ws : queued.values()) {
            all.addAll(ws.waiters);
        }
        List<WantState> done = new ArrayList<>(active.values());
        active.clear();
        queued.clear();
        queueOrder.clear();
        client.sessionClosed(this);
        for (WantState ws : done) {
            client.cancelEverywhere(ws.mh, ws.told);
        }
        all.forEach(w -> w.future.completeExceptionally(new CancellationException("session closed")));
    }

    // ---- actor only ----

    boolean wants(Multihash mh) {
        return active.containsKey(mh);
    }

    private void add(Waiter w) {
        if (w.future.isDone()) {
            return;
        }
        if (closed) {
            w.future.completeExceptionally(new CancellationException("session closed"));
            return;
        }
        Multihash mh = w.cid.multihash();
        WantState ws = active.get(mh);
        if (ws == null) {
            ws = queued.get(mh);
        }
        if (ws == null) {
            ws = new WantState(w.cid);
            queued.put(mh, ws);
            queueOrder.add(ws);
        }
        ws.waiters.add(w);
        activateQueued();
    }

    private void remove(Waiter w) {
        Multihash mh = w.cid.multihash();
        WantState ws = active.get(mh);
        if (ws != null) {
            ws.waiters.remove(w);
            if (ws.waiters.isEmpty()) {
                finish(ws);
            }
            return;
        }
        ws = queued.get(mh);
        if (ws != null) {
            ws.waiters.remove(w);
            if (ws.waiters.isEmpty()) {
                queued.remove(mh);
                queueOrder.remove(ws);
            }
        }
    }

    private void activateQueued() {
        while (active.size() < client.maxOutstandingPerSession && !queueOrder.isEmpty()) {
            WantState ws = queueOrder.poll();
            queued.remove(ws.mh);
            active.put(ws.mh, ws);
            ws.activated = System.nanoTime();
            broadcast(ws, ws.activated);
        }
    }

    /** Asks every usable peer: the best one for the block, the other 1.2.0 peers whether they have it. */
    private void broadcast(WantState ws, long now) {
        ws.lastBroadcast = now;
        Map<PeerId, Boolean> peers = client.peers();
        if (peers.isEmpty()) {
            search(ws, now);
            return;
        }
        if (ws.blockPeer == null) {
            PeerId best = pickBlockPeer(ws, peers);
            if (best != null) {
                requestBlock(ws, best, peers.get(best), now);
            }
        }
        for (Map.Entry<PeerId, Boolean> p : peers.entrySet()) {
            askHave(ws, p.getKey(), p.getValue(), now);
        }
    }

    private void askHave(WantState ws, PeerId p, boolean v12, long now) {
        if (!v12) {
            if (!ws.excluded.contains(p)) {
                ws.candidates.add(p);
            }
            return;
        }
        if (p.equals(ws.blockPeer) || ws.excluded.contains(p) || ws.pendingHave.containsKey(p)
                || ws.candidates.contains(p)) {
            return;
        }
        ws.pendingHave.put(p, now);
        ws.told.add(p);
        client.want(p, ws.cid, WantType.HAVE, true);
    }

    /** Prefers peers that served this session, least loaded first; else the first peer not ruled out. */
    private PeerId pickBlockPeer(WantState ws, Map<PeerId, Boolean> peers) {
        PeerId best = null;
        int load = Integer.MAX_VALUE;
        for (PeerId p : peers.keySet()) {
            Integer l = useful.get(p);
            if (l != null && l < load && !ws.excluded.contains(p)) {
                best = p;
                load = l;
            }
        }
        if (best != null) {
            return best;
        }
        for (PeerId p : ws.candidates) {
            if (peers.containsKey(p)) {
                return p;
            }
        }
        for (PeerId p : peers.keySet()) {
            if (!ws.excluded.contains(p) && !ws.pendingHave.containsKey(p)) {
                return p;
            }
        }
        return null;
    }

    private void requestBlock(WantState ws, PeerId p, boolean v12, long now) {
        ws.candidates.remove(p);
        ws.pendingHave.remove(p);
        ws.blockPeer = p;
        ws.blockDeadline = now + client.wantTimeout.toNanos();
        ws.told.add(p);
        useful.computeIfPresent(p, (k, n) -> n + 1);
        client.want(p, ws.cid, WantType.BLOCK, v12);
    }

    private void releaseBlockPeer(WantState ws) {
        if (ws.blockPeer != null) {
            useful.computeIfPresent(ws.blockPeer, (k, n) -> Math.max(0, n - 1));
            ws.blockPeer = null;
        }
    }

    /** Moves the want-block on: the next candidate, else wait for want-haves, else look for providers. */
    private void next(WantState ws, long now) {
        if (ws.blockPeer != null) {
            return;
        }
        Map<PeerId, Boolean> peers = client.peers();
        for (PeerId p : new ArrayList<>(ws.candidates)) {
            if (peers.containsKey(p) && !ws.excluded.contains(p)) {
                requestBlock(ws, p, peers.get(p), now);
                return;
            }
            ws.candidates.remove(p);
        }
        if (ws.pendingHave.isEmpty() && now - ws.activated >= client.providerSearchDelay.toNanos()) {
            search(ws, now);
        }
    }

    private void search(WantState ws, long now) {
        if (ws.searching || (ws.lastSearch != 0 && now - ws.lastSearch < 10 * client.providerSearchDelay.toNanos())) {
            return;
        }
        ws.searching = true;
        ws.lastSearch = now;
        CompletableFuture<List<PeerId>> found;
        try {
            found = client.providerFinder.apply(ws.cid);
        } catch (RuntimeException e) {
            found = CompletableFuture.failedFuture(e);
        }
        found.whenComplete((list, e) -> client.actor.execute(() -> {
            ws.searching = false;
            if (list != null) {
                list.forEach(client::connectProvider);
            }
        }));
    }

    void peerAppeared(PeerId p, boolean v12) {
        long now = System.nanoTime();
        for (WantState ws : new ArrayList<>(active.values())) {
            // A (re)connected peer is a fresh chance: what it said or failed to do on an earlier connection (a
            // DONT_HAVE, a timeout, a disconnect) may no longer hold. Keeping it excluded left a want stuck until
            // the next rebroadcast (4 x wantTimeout) when its only provider had dropped a connection once.
            ws.excluded.remove(p);
            if (ws.blockPeer == null && !ws.excluded.contains(p) && (!v12 || useful.containsKey(p))) {
                requestBlock(ws, p, v12, now);
            } else {
                askHave(ws, p, v12, now);
            }
        }
    }

    void peerGone(PeerId p) {
        long now = System.nanoTime();
        useful.remove(p);
        for (WantState ws : new ArrayList<>(active.values())) {
            ws.pendingHave.remove(p);
            ws.candidates.remove(p);
            ws.told.remove(p);
            ws.excluded.add(p);
            if (p.equals(ws.blockPeer)) {
                ws.blockPeer = null;
                next(ws, now);
            }
        }
    }

    void presence(PeerId from, Multihash mh, boolean have) {
        WantState ws = active.get(mh);
        if (ws == null) {
            return;
        }
        long now = System.nanoTime();
        ws.pendingHave.remove(from);
        if (have) {
            if (!from.equals(ws.blockPeer) && !ws.excluded.contains(from)) {
                ws.candidates.add(from);
            }
            useful.putIfAbsent(from, 0);
        } else {
            ws.candidates.remove(from);
            ws.excluded.add(from);
            if (from.equals(ws.blockPeer)) {
                releaseBlockPeer(ws);
            }
        }
        next(ws, now);
    }

    /** Hands {@code block} to this session's waiters if it wants it; the block is true to its own CID. */
    boolean blockArrived(PeerId from, Block block) {
        WantState ws = active.get(block.cid().multihash());
        if (ws == null) {
            return false;
        }
        useful.putIfAbsent(from, 0);
        List<Waiter> waiters = new ArrayList<>(ws.waiters);
        ws.waiters.clear();
        finish(ws);
        for (Waiter w : waiters) {
            // same multihash, so the bytes hash to the waiter's CID too (a CIDv0 and CIDv1 share a block)
            w.future.complete(w.cid.equals(block.cid()) ? block : new Block(w.cid, block.data()));
        }
        return true;
    }

    private void finish(WantState ws) {
        active.remove(ws.mh);
        releaseBlockPeer(ws);
        client.cancelEverywhere(ws.mh, ws.told);
        activateQueued();
    }

    void tick(long now) {
        long timeout = client.wantTimeout.toNanos();
        for (WantState ws : new ArrayList<>(active.values())) {
            if (ws.blockPeer != null && now - ws.blockDeadline > 0) {
                PeerId slow = ws.blockPeer;
                releaseBlockPeer(ws);
                ws.excluded.add(slow);
                client.sender(slow).cancel(ws.mh);
                ws.told.remove(slow);
            }
            ws.pendingHave.entrySet().removeIf(e -> {
                if (now - e.getValue() > timeout) {
                    ws.excluded.add(e.getKey());
                    return true;
                }
                return false;
            });
            if (ws.blockPeer == null && ws.candidates.isEmpty() && ws.pendingHave.isEmpty()
                    && now - ws.lastBroadcast > 4 * timeout) {
                // everyone said no or went quiet: forget that and ask afresh (content may have arrived since)
                ws.excluded.clear();
                broadcast(ws, now);
            } else {
                next(ws, now);
            }
        }
    }
}
