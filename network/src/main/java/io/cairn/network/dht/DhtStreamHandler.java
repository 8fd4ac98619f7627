package io.cairn.network.dht;

import io.cairn.core.peer.PeerId;
import io.cairn.network.host.P2pStream;
import io.cairn.network.host.StreamHandler;
import io.cairn.network.wire.FrameFormatException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the wire: serves the kad-dht protocol on each inbound stream, one request at a time, as many
 * requests as the peer sends (go and js both reuse a stream), until the peer closes its side.
 *
 * <p>Bounds, so a flood from one peer costs little: a request is at most {@link DhtMessageCodec#MAX_MESSAGE_SIZE}
 * bytes; the next one is not read before the previous answer was written (the stream's flow control then holds the
 * sender back); a peer may have at most {@code perPeer} streams open at once and all peers {@code total}, past
 * which a new stream is reset at once; a stream with no request for {@code idleTimeout} is reset. Malformed or
 * refused requests reset the stream (as go does when a handler fails) and are counted.
 *
 * <p>Misbehaviour is also scored per peer ({@link PeerScores}): malformed messages, refused requests, streams past
 * the limit and requests past the peer's rate (which are refused) cost points; at the threshold the peer is banned:
 * its open DHT streams are reset, {@code onBan} is told (the driver drops it from the routing table), and its new
 * streams are reset at once until the cool-off ends.
 *
 * <p>Threading: stream callbacks arrive on event loops; decoding and answering run on {@code dhtThread}, the one
 * thread that owns the core's state.
 */
final class DhtStreamHandler implements StreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DhtStreamHandler.class);

    /** Answers one request from a peer on the DHT thread; throws {@link DhtRequestException} to refuse it. */
    interface Answerer extends BiFunction<PeerId, DhtMessage, Optional<DhtMessage>> {}

    private final Answerer answerer;
    private final ScheduledExecutorService dhtThread;
    private final long idleMillis;
    private final int perPeer;
    private final int total;
    private final PeerScores scores;
    private final java.util.function.Consumer<PeerId> onBan;
    private final Map<PeerId, AtomicInteger> openByPeer = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Set<P2pStream> streams = ConcurrentHashMap.newKeySet();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong streamsRefused = new AtomicLong();
    final AtomicLong streamsTimedOut = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong streamsOfBannedPeers = new AtomicLong();
    private volatile boolean closed;

    DhtStreamHandler(Answerer answerer, ScheduledExecutorService dhtThread, Duration idleTimeout, int perPeer,
            int total, PeerScores scores, java.util.function.Consumer<PeerId> onBan) {
        this.answerer = answerer;
        this.dhtThread = dhtThread;
        this.idleMillis = idleTimeout.toMillis();
        this.perPeer = perPeer;
        this.total = total;
        this.scores = scores;
        this.onBan = onBan;
    }

    private static long now() {
        return PeerScores.monotonicMillis();
    }

    @Override
    public void handle(P2pStream stream) {
        PeerId peer = stream.connection().remotePeer();
        if (!closed && scores.isBanned(peer, now())) {
            streamsOfBannedPeers.incrementAndGet();
            streamsRefused.incrementAndGet();
            stream.reset();
            return;
        }
        Admit a = closed ? Admit.FULL : admit(peer);
        if (a != Admit.OPEN) {
            streamsRefused.incrementAndGet();
            stream.reset();
            if (a == Admit.PEER_OVER) {
                // Only the peer's own excess is its fault; a server full of other peers' streams is not.
                offend(peer, PeerScores.Offence.EXCESS_STREAM);
            }
            return;
        }
        streams.add(stream);
        stream.closeFuture().whenComplete((v, e) -> release(peer, stream));
        next(stream, peer);
    }

    private enum Admit { OPEN, FULL, PEER_OVER }

    private Admit admit(PeerId peer) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return Admit.FULL;
        }
        AtomicInteger n = openByPeer.computeIfAbsent(peer, p -> new AtomicInteger());
        if (n.incrementAndGet() > perPeer) {
            n.decrementAndGet();
            open.decrementAndGet();
            return Admit.PEER_OVER;
        }
        return Admit.OPEN;
    }

    private void release(PeerId peer, P2pStream stream) {
        streams.remove(stream);
        open.decrementAndGet();
        openByPeer.computeIfPresent(peer, (p, n) -> n.decrementAndGet() == 0 ? null : n);
    }

    private void next(P2pStream stream, PeerId peer) {
        CompletableFuture<byte[]> read = stream.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE);
        ScheduledFuture<?> idle;
        try {
            idle = dhtThread.schedule(() -> {
                if (!read.isDone()) {
                    streamsTimedOut.incrementAndGet();
                    stream.reset();
                }
            }, idleMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stream.reset();
            return;
        }
        read.whenComplete((bytes, e) -> {
            idle.cancel(false);
            if (e != null) {
                if (unwrap(e) instanceof FrameFormatException) {
                    malformed.incrementAndGet();
                    offend(peer, PeerScores.Offence.MALFORMED);
                }
                stream.reset();
                return;
            }
            if (bytes == null) {
                stream.closeWrite();
                return;
            }
            onDht(stream, () -> {
                try {
                    answer(stream, peer, bytes);
                } catch (RuntimeException ex) {
                    // A bug, not the peer's fault: the stream must not hang, and the next request must be served.
                    LOG.warn("kad-dht request from {} failed", peer, ex);
                    stream.reset();
                }
            });
        });
    }

    private void answer(P2pStream stream, PeerId peer, byte[] bytes) {
        PeerScores.Admission admission = scores.tryRequest(peer, now());
        switch (admission.decision()) {
            case ALLOWED -> {
            }
            case DELAYED -> {
                // Over its rate: served when its token comes; meanwhile nothing more is read from this stream.
                throttled.incrementAndGet();
                try {
                    dhtThread.schedule(() -> {
                        try {
                            decodeAndAnswer(stream, peer, bytes);
                        } catch (RuntimeException ex) {
                            LOG.warn("kad-dht request from {} failed", peer, ex);
                            stream.reset();
                        }
                    }, admission.delayMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    stream.reset();
                }
                return;
            }
            default -> {
                throttled.incrementAndGet();
                LOG.debug("kad-dht request from {}: {}; stream reset", peer, admission.decision());
                stream.reset();
                if (admission.decision() == PeerScores.Decision.BAN_STARTED) {
                    banned(peer, "requests over its rate");
                }
                return;
            }
        }
        decodeAndAnswer(stream, peer, bytes);
    }

    private void decodeAndAnswer(P2pStream stream, PeerId peer, byte[] bytes) {
        if (closed) {
            stream.reset();
            return;
        }
        DhtMessage request;
        try {
            request = DhtMessageCodec.decode(bytes);
        } catch (DhtMessageFormatException e) {
            malformed.incrementAndGet();
            LOG.debug("malformed kad-dht request from {}: {}", peer, e.getMessage());
            stream.reset();
            offend(peer, PeerScores.Offence.MALFORMED);
            return;
        }
        Optional<DhtMessage> response;
        try {
            response = answerer.apply(peer, request);
        } catch (DhtRequestException e) {
            refused.incrementAndGet();
            LOG.debug("refused kad-dht {} from {}: {}", request.type(), peer, e.getMessage());
            stream.reset();
            offend(peer, PeerScores.Offence.REFUSED);
            return;
        }
        answered.incrementAndGet();
        if (response.isEmpty()) {
            next(stream, peer);
            return;
        }
        stream.writeMessage(DhtMessageCodec.encode(response.get())).whenComplete((v, e) -> {
            if (e != null) {
                stream.reset();
            } else {
                next(stream, peer);
            }
        });
    }

    /** Scores {@code offence}; a ban it starts resets every stream of the peer and tells the driver. */
    private void offend(PeerId peer, PeerScores.Offence offence) {
        if (scores.offend(peer, offence, now())) {
            banned(peer, offence.toString());
        }
    }

    /** A ban started: every stream of the peer is reset and the driver told. */
    private void banned(PeerId peer, String why) {
        LOG.debug("banned {} from kad-dht after {}", peer, why);
        for (P2pStream s : streams) {
            if (s.connection().remotePeer().equals(peer)) {
                s.reset();
            }
        }
        onBan.accept(peer);
    }

    private void onDht(P2pStream stream, Runnable task) {
        try {
            dhtThread.execute(task);
        } catch (RejectedExecutionException e) {
            stream.reset();
        }
    }

    /** Resets every open stream; later ones are refused. */
    void close() {
        closed = true;
        for (P2pStream s : streams) {
            s.reset();
        }
    }

    int openStreams() {
        return open.get();
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
