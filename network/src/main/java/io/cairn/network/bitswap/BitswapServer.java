package io.cairn.network.bitswap;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.bitswap.BitswapMessage.Entry;
import io.cairn.network.bitswap.BitswapMessage.Presence;
import io.cairn.network.bitswap.BitswapMessage.PresenceType;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers peers' wantlists from the block store.
 *
 * <p>Each peer has a {@link Ledger}: its wants (at most {@code maxWantsPerPeer}, further ones are ignored until some
 * are answered) and, of those, the ones ready to be looked at, highest priority first. Peers with ready wants wait in
 * one round-robin queue; a turn takes one peer off it, reads up to {@code turnBytes} of blocks from the store on the
 * executor (never on an event loop), writes one message, and only when that write is done may the peer queue again.
 * So a peer holds at most one message of blocks in memory, and a peer with a long wantlist cannot starve the others.
 *
 * <p>Answers: want-have gets HAVE, or DONT_HAVE if asked for; want-block gets the block, or DONT_HAVE if asked for.
 * A want this node cannot answer and that asked for no DONT_HAVE stays parked (not ready) until
 * {@link #blocksAdded} says the store has it, or the peer cancels or sends a full wantlist without it.
 */
final class BitswapServer {
    private static final Logger LOG = LoggerFactory.getLogger(BitswapServer.class);
    /** Presences per message: ~45 bytes each, so the message stays far under 4 MiB beside its blocks. */
    private static final int MAX_PRESENCES_PER_TURN = 4096;
    /** Blocks a turn may gather, leaving room under the 4 MiB message limit for presences and framing. */
    private static final int MAX_MESSAGE_BLOCK_BYTES = 3 << 20;

    private final BlockStore store;
    private final Executor executor;
    private final Function<PeerId, PeerSender> senders;
    private final int maxWantsPerPeer;
    private final int turnBytes;
    private final int maxConcurrentTurns;

    // all below guarded by this
    private final Map<PeerId, Ledger> ledgers = new HashMap<>();
    private final ArrayDeque<Ledger> roundRobin = new ArrayDeque<>();
    private int runningTurns;
    private long nextSeq;

    BitswapServer(BlockStore store, Executor executor, Function<PeerId, PeerSender> senders, int maxWantsPerPeer,
            int turnBytes, int maxConcurrentTurns) {
        this.store = store;
        this.executor = executor;
        this.senders = senders;
        this.maxWantsPerPeer = maxWantsPerPeer;
        this.turnBytes = turnBytes;
        this.maxConcurrentTurns = maxConcurrentTurns;
    }

    private static final class Want {
        final Cid cid;
        final int priority;
        final WantType type;
        final boolean sendDontHave;
        final long seq;

        Want(Entry e, long seq) {
            this.cid = e.cid();
            this.priority = e.priority();
            this.type = e.type();
            this.sendDontHave = e.sendDontHave();
            this.seq = seq;
        }
    }

    private static final Comparator<Want> ORDER = Comparator.<Want>comparingInt(w -> -w.priority)
            .thenComparingLong(w -> w.seq);

    private static final class Ledger {
        final PeerId peer;
        final Map<Multihash, Want> wants = new LinkedHashMap<>();
        final TreeSet<Want> ready = new TreeSet<>(ORDER);
        boolean queuedOrRunning;

        Ledger(PeerId peer) {
            this.peer = peer;
        }
    }

    /** Applies a peer's wantlist message: cancels, new wants, or (when {@code full}) a replacement list. */
    void receive(PeerId peer, List<Entry> entries, boolean full) {
        synchronized (this) {
            Ledger l = ledgers.get(peer);
            if (l == null) {
                if (entries.isEmpty()) {
                    return;
                }
                l = new Ledger(peer);
                ledgers.put(peer, l);
            }
            if (full) {
                l.wants.clear();
                l.ready.clear();
            }
            for (Entry e : entries) {
                Multihash mh = e.cid().multihash();
                Want old = l.wants.remove(mh);
                if (old != null) {
                    l.ready.remove(old);
                }
                if (e.cancel()) {
                    continue;
                }
                if (old != null && old.type == WantType.BLOCK && e.type() == WantType.HAVE) {
                    // a want-have does not take back a want-block for the same block
                    e = new Entry(e.cid(), e.priority(), false, WantType.BLOCK, e.sendDontHave() || old.sendDontHave);
                }
                if (l.wants.size() >= maxWantsPerPeer) {
                    continue;
                }
                Want w = new Want(e, nextSeq++);
                l.wants.put(mh, w);
                l.ready.add(w);
            }
            schedule(l);
        }
        pump();
    }

    /** The store gained these blocks: parked wants for them become ready. */
    void blocksAdded(Collection<Multihash> added) {
        synchronized (this) {
            for (Ledger l : ledgers.values()) {
                for (Multihash mh : added) {
                    Want w = l.wants.get(mh);
                    if (w != null) {
                        l.ready.add(w);
                    }
                }
                schedule(l);
            }
        }
        pump();
    }

    synchronized void peerGone(PeerId peer) {
        Ledger l = ledgers.remove(peer);
        if (l != null) {
            l.wants.clear();
            l.ready.clear();
            roundRobin.remove(l);
        }
    }

    /** Wants held for {@code peer}, for tests and stats. */
    synchronized int wantCount(PeerId peer) {
        Ledger l = ledgers.get(peer);
        return l == null ? 0 : l.wants.size();
    }

    private void schedule(Ledger l) {
        if (!l.ready.isEmpty() && !l.queuedOrRunning) {
            l.queuedOrRunning = true;
            roundRobin.add(l);
        } else if (l.wants.isEmpty() && !l.queuedOrRunning) {
            ledgers.remove(l.peer, l);
        }
    }

    private void pump() {
        List<Ledger> start = new ArrayList<>();
        synchronized (this) {
            while (runningTurns < maxConcurrentTurns && !roundRobin.isEmpty()) {
                start.add(roundRobin.poll());
                runningTurns++;
            }
        }
        for (Ledger l : start) {
            try {
                executor.execute(() -> turn(l));
            } catch (RuntimeException e) {
                LOG.debug("bitswap server executor refused a turn", e);
                finish(l);
            }
        }
    }

    private void turn(Ledger l) {
        List<Block> blocks = new ArrayList<>();
        List<Presence> presences = new ArrayList<>();
        long bytes = 0;
        while (bytes < turnBytes && presences.size() < MAX_PRESENCES_PER_TURN) {
            Want w;
            synchronized (this) {
                w = l.ready.pollFirst();
            }
            if (w == null) {
                break;
            }
            Multihash mh = w.cid.multihash();
            try {
                if (w.type == WantType.HAVE) {
                    if (store.has(mh)) {
                        presences.add(new Presence(w.cid, PresenceType.HAVE));
                        answered(l, mh, w);
                    } else if (w.sendDontHave) {
                        presences.add(new Presence(w.cid, PresenceType.DONT_HAVE));
                        answered(l, mh, w);
                    }
                    continue;
                }
                long size = store.size(mh);
                if (size >= 0 && size <= BitswapCodec.MAX_BLOCK_BYTES && !blocks.isEmpty()
                        && bytes + size > MAX_MESSAGE_BLOCK_BYTES) {
                    synchronized (this) {
                        if (l.wants.get(mh) == w) {
                            l.ready.add(w);
                        }
                    }
                    break;
                }
                Optional<byte[]> data = size < 0 || size > BitswapCodec.MAX_BLOCK_BYTES ? Optional.empty()
                        : store.get(mh);
                if (data.isPresent() && data.get().length <= BitswapCodec.MAX_BLOCK_BYTES) {
                    blocks.add(new Block(w.cid, data.get()));
                    bytes += data.get().length;
                    answered(l, mh, w);
                } else if (w.sendDontHave) {
                    presences.add(new Presence(w.cid, PresenceType.DONT_HAVE));
                    answered(l, mh, w);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("block store read for {} failed", w.cid, e);
                if (w.sendDontHave) {
                    presences.add(new Presence(w.cid, PresenceType.DONT_HAVE));
                }
                answered(l, mh, w);
            }
        }
        if (blocks.isEmpty() && presences.isEmpty()) {
            finish(l);
            return;
        }
        senders.apply(l.peer).send(new BitswapMessage(List.of(), false, blocks, presences, 0))
                .whenComplete((v, e) -> finish(l));
    }

    private synchronized void answered(Ledger l, Multihash mh, Want w) {
        if (l.wants.get(mh) == w) {
            l.wants.remove(mh);
        }
    }

    private void finish(Ledger l) {
        synchronized (this) {
            runningTurns--;
            l.queuedOrRunning = false;
            if (ledgers.get(l.peer) == l) {
                schedule(l);
            }
        }
        pump();
    }
}
