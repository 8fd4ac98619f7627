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
 * <p>Streams are disposable, the connection is what counts. Helia aborts an inbound Bitswap stream that carries no
 * message for 10 s (@helia/bitswap's {@code messageReceiveTimeout}), so a stream idle for {@link #IDLE_REOPEN_NANOS}
 * is half-closed and the next message goes on a fresh one; a stream the remote closed or reset is forgotten; and a
 * message whose write fails while the connection is still open is written again, whole, on a new stream (at most
 * {@link #MAX_ATTEMPTS} times). Bitswap messages are idempotent, so a message the peer may have half-read costs
 * nothing when repeated.
 *
 * <p>Invariants, under {@code this}: {@link #view} is what the peer will believe we want once everything queued is
 * written; {@link #recentlyCancelled} remembers the last cancels so a block that crossed a cancel on the wire is
 * still recognised as asked for. A sender that cannot open a stream, or whose message failed {@link #MAX_ATTEMPTS}
 * times, is dead: the owner drops it and treats the peer as gone, and a later sender to the same peer starts from
 * an empty wantlist.
 */
final class PeerSender {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSender.class);
    /** Entries per message: 8192 entries of at most ~140 bytes stay well under the 4 MiB limit. */
    static final int MAX_ENTRIES_PER_MESSAGE = 8192;
    private static final int RECENT_CANCELS = 4096;
    /** Half Helia's 10 s receive timeout: an idle stream is replaced well before the peer would abort it. */
    static final long IDLE_REOPEN_NANOS = 5_000_000_000L;
    static final int MAX_ATTEMPTS = 3;

    final PeerId peer;
    private final Host host;
    private final Consumer<PeerSender> onBroken;

    private CompletableFuture<P2pStream> stream;
    private long lastWrite;
    /** A message whose write failed on a stream while the connection stayed open: goes first on the next one. */
    private Outgoing retry;
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

    /** One message on its way out; {@code response} is null for a wantlist-only message. */
    private record Outgoing(BitswapMessage message, Response response, int attempt) {}

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
            if (retry != null && retry.response != null) {
                dropped.add(retry.response);
            }
            retry = null;
        }
        dropped.forEach(r -> r.sent.completeExceptionally(new IllegalStateException("sender closed")));
        if (s != null) {
            s.thenAccept(P2pStream::reset);
        }
    }

    private void flush() {
        CompletableFuture<P2pStream> s;
        CompletableFuture<P2pStream> idle = null;
        synchronized (this) {
            if (writing || closed || (changes.isEmpty() && responses.isEmpty() && retry == null)) {
                return;
            }
            writing = true;
            if (stream != null && System.nanoTime() - lastWrite > IDLE_REOPEN_NANOS) {
                idle = stream;
                stream = null;
            }
            if (stream == null) {
                CompletableFuture<P2pStream> opened = host.newStream(peer, BitswapVersion.PROTOCOL_IDS);
                stream = opened;
                lastWrite = System.nanoTime();
                // the remote closed or reset it (Helia does after 10 s without a message): use a new one next time
                opened.thenAccept(st -> st.closeFuture().whenComplete((v, e) -> forget(opened)));
            }
            s = stream;
        }
        if (idle != null) {
            idle.thenAccept(P2pStream::closeWrite);
        }
        s.whenComplete((st, e) -> {
            if (e != null) {
                broken(s, e);
            } else {
                writeNext(s, st);
            }
        });
    }

    private synchronized void forget(CompletableFuture<P2pStream> s) {
        if (stream == s) {
            stream = null;
        }
    }

    private void writeNext(CompletableFuture<P2pStream> s, P2pStream st) {
        BitswapVersion version = BitswapVersion.of(st.protocol());
        Outgoing out;
        synchronized (this) {
            if (retry != null) {
                out = retry;
                retry = null;
            } else {
                List<Entry> entries = new ArrayList<>();
                Iterator<Entry> it = changes.values().iterator();
                while (it.hasNext() && entries.size() < MAX_ENTRIES_PER_MESSAGE) {
                    entries.add(it.next());
                    it.remove();
                }
                Response response = responses.poll();
                BitswapMessage r = response == null ? BitswapMessage.EMPTY : response.message;
                out = new Outgoing(new BitswapMessage(entries, false, r.blocks(), r.presences(), r.pendingBytes()),
                        response, 1);
            }
        }
        byte[] bytes;
        try {
            bytes = BitswapCodec.encode(out.message, version);
        } catch (RuntimeException e) {
            LOG.warn("cannot encode a message for {}", peer, e);
            if (out.response != null) {
                out.response.sent.completeExceptionally(e);
            }
            done();
            return;
        }
        st.writeMessage(bytes).whenComplete((v, e) -> {
            if (e == null) {
                if (out.response != null) {
                    out.response.sent.complete(null);
                }
                done();
            } else {
                writeFailed(s, st, out, e);
            }
        });
    }

    /** The stream failed under a message: again on a new stream while the connection lives, else the peer is gone. */
    private void writeFailed(CompletableFuture<P2pStream> s, P2pStream st, Outgoing out, Throwable e) {
        st.reset();
        boolean again;
        synchronized (this) {
            again = !closed && out.attempt < MAX_ATTEMPTS && st.connection().isOpen();
            if (again) {
                LOG.debug("bitswap stream to {} failed ({}); writing the message again on a new one", peer,
                        e.toString());
                retry = new Outgoing(out.message, out.response, out.attempt + 1);
                if (stream == s) {
                    stream = null;
                }
                writing = false;
            }
        }
        if (again) {
            flush();
            return;
        }
        if (out.response != null) {
            out.response.sent.completeExceptionally(e);
        }
        broken(s, e);
    }

    private void done() {
        synchronized (this) {
            writing = false;
            lastWrite = System.nanoTime();
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
            if (retry != null && retry.response != null) {
                dropped.add(retry.response);
            }
            retry = null;
            closed = true;
        }
        LOG.debug("bitswap stream to {} broke: {}", peer, e.toString());
        which.thenAccept(P2pStream::reset);
        dropped.forEach(r -> r.sent.completeExceptionally(e));
        onBroken.accept(this);
    }
}
