package io.cairn.network.bitswap;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.bitswap.BitswapMessage.Entry;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long-lived outbound Bitswap stream to a peer, and everything waiting to go out on it: wantlist changes
 * (merged, so a want then a cancel of the same CID before a flush cost one entry) and at most a few server
 * responses. One message is written at a time; what piles up meanwhile goes into the next one, so a slow peer makes
 * messages bigger, not more numerous.
 *
 * <p>Invariants, under {@code this}: {@link #view} is what the peer will believe we want once everything queued is
 * written; {@link #recentlyCancelled} remembers the last cancels so a block that crossed a cancel on the wire is
 * still recognised as asked for. A sender whose stream breaks is dead: the owner drops it and treats the peer as
 * gone, and a later sender to the same peer starts from an empty wantlist.
 */
final class PeerSender {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSender.class);
    /** Entries per message: 8192 entries of at most ~140 bytes stay well under the 4 MiB limit. */
    static final int MAX_ENTRIES_PER_MESSAGE = 8192;
    private static final int RECENT_CANCELS = 4096;

    final PeerId peer;
    private final Host host;
    private final Consumer<PeerSender> onBroken;

    private CompletableFuture<P2pStream> stream;
    private boolean writing;
    private boolean closed;
    private final Map<Multihash, Entry> view = new LinkedHashMap<>();
    private final Map<Multihash, Entry> changes = new LinkedHashMap<>();
    private final Map<Multihash, Boolean> recentlyCancelled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Multihash, Boolean> eldest) {
            return size() > RECENT_CANCELS;
        }
    };
    private final ArrayDeque<Response> responses = new ArrayDeque<>();

    private record Response(BitswapMessage message, CompletableFuture<Void> sent) {}

    PeerSender(PeerId peer, Host host, Consumer<PeerSender> onBroken) {
        this.peer = peer;
        this.host = host;
        this.onBroken = onBroken;
    }

    /** Asks the peer for {@code cid} (a want-have is upgraded by a later want-block, never downgraded). */
    void want(Cid cid, WantType type, boolean sendDontHave, int priority) {
        Multihash mh = cid.multihash();
        synchronized (this) {
            Entry old = view.get(mh);
            if (old != null && (old.type() == WantType.BLOCK || old.type() == type)) {
                return;
            }
            Entry e = Entry.want(cid, priority, type, sendDontHave);
            view.put(mh, e);
            changes.put(mh, e);
            recentlyCancelled.remove(mh);
        }
        flush();
    }

    /** Revokes any want for {@code mh} this peer has heard of. */
    void cancel(Multihash mh) {
        synchronized (this) {
            Entry old = view.remove(mh);
            if (old == null) {
                return;
            }
            recentlyCancelled.put(mh, Boolean.TRUE);
            changes.put(mh, Entry.cancel(old.cid()));
        }
        flush();
    }

    /** Whether we asked this peer for {@code mh}, now or in a recent cancel: a block for anything else is unasked. */
    synchronized boolean asked(Multihash mh) {
        return view.containsKey(mh) || recentlyCancelled.containsKey(mh);
    }

    synchronized boolean wants(Multihash mh) {
        return view.containsKey(mh);
    }

    /** Queues a server response; the future completes once it was handed to the connection (or failed). */
    CompletableFuture<Void> send(BitswapMessage response) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                sent.completeExceptionally(new IllegalStateException("sender to " + peer + " is closed"));
                return sent;
            }
            responses.add(new Response(response, sent));
        }
        flush();
        return sent;
    }

    void close() {
        CompletableFuture<P2pStream> s;
        List<Response> dropped;
        synchronized (this) {
            closed = true;
            s = stream;
            stream = null;
            dropped = new ArrayList<>(responses);
            responses.clear();
            changes.clear();
        }
        dropped.forEach(r -> r.sent.completeExceptionally(new IllegalStateException("sender closed")));
        if (s != null) {
            s.thenAccept(P2pStream::reset);
        }
    }

    private void flush() {
        CompletableFuture<P2pStream> s;
        synchronized (this) {
            if (writing || closed || (changes.isEmpty() && responses.isEmpty())) {
                return;
            }
            writing = true;
            if (stream == null) {
                stream = host.newStream(peer, BitswapVersion.PROTOCOL_IDS);
            }
            s = stream;
        }
        s.whenComplete((st, e) -> {
            if (e != null) {
                broken(s, e);
            } else {
                writeNext(st);
            }
        });
    }

    private void writeNext(P2pStream st) {
        BitswapVersion version = BitswapVersion.of(st.protocol());
        Response response;
        BitswapMessage message;
        synchronized (this) {
            List<Entry> entries = new ArrayList<>();
            Iterator<Entry> it = changes.values().iterator();
            while (it.hasNext() && entries.size() < MAX_ENTRIES_PER_MESSAGE) {
                entries.add(it.next());
                it.remove();
            }
            response = responses.poll();
            BitswapMessage r = response == null ? BitswapMessage.EMPTY : response.message;
            message = new BitswapMessage(entries, false, r.blocks(), r.presences(), r.pendingBytes());
        }
        byte[] bytes;
        try {
            bytes = BitswapCodec.encode(message, version);
        } catch (RuntimeException e) {
            LOG.warn("cannot encode a message for {}", peer, e);
            if (response != null) {
                response.sent.completeExceptionally(e);
            }
            done();
            return;
        }
        st.writeMessage(bytes).whenComplete((v, e) -> {
            if (response != null) {
                if (e == null) {
                    response.sent.complete(null);
                } else {
                    response.sent.completeExceptionally(e);
                }
            }
            if (e != null) {
                broken(CompletableFuture.completedFuture(st), e);
            } else {
                done();
            }
        });
    }

    private void done() {
        synchronized (this) {
            writing = false;
        }
        flush();
    }

    private void broken(CompletableFuture<P2pStream> which, Throwable e) {
        List<Response> dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            writing = false;
            stream = null;
            changes.clear();
            dropped = new ArrayList<>(responses);
            responses.clear();
            closed = true;
        }
        LOG.debug("bitswap stream to {} broke: {}", peer, e.toString());
        which.thenAccept(P2pStream::reset);
        dropped.forEach(r -> r.sent.completeExceptionally(e));
        onBroken.accept(this);
    }
}
