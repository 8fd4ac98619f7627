package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import java.io.EOFException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of the wire: one request per new stream, as js-libp2p sends them. The request is written, the
 * write side closed, and the one reply read; ADD_PROVIDER is written and nothing is read (go sends it that way and
 * the receiver never answers).
 *
 * <p>Bounds: each exchange, the dial included, has a deadline after which its future fails with
 * {@link TimeoutException} and the stream (if any was opened) is reset, so a silent peer costs one timer and one
 * stream for at most that long. A reply is at most {@link DhtMessageCodec#MAX_MESSAGE_SIZE} bytes. After a reply the
 * remote is given the same deadline to close its side before the stream is reset.
 *
 * <p>Futures complete on the host's event loops; callers hop to their own thread.
 */
final class DhtMessenger {
    /**
     * How long addresses a DHT answer taught us stay in the peer store: long enough for a lookup's dial and for the
     * caller of findProviders/findPeer to connect, short enough that stale ones do not pile up.
     */
    static final Duration LEARNT_ADDRESS_TTL = Duration.ofMinutes(30);
    private static final int CHUNK = 64 * 1024;

    private final Host host;
    private final List<String> protocols;
    private final ScheduledExecutorService timers;
    private final long timeoutMillis;

    DhtMessenger(Host host, String protocol, ScheduledExecutorService timers, Duration timeout) {
        this.host = host;
        this.protocols = List.of(protocol);
        this.timers = timers;
        this.timeoutMillis = timeout.toMillis();
    }

    /** Sends {@code request} to {@code peer} (reached at {@code addresses} if not connected) and reads its reply. */
    CompletableFuture<DhtMessage> request(PeerId peer, List<Multiaddr> addresses, DhtMessage request) {
        return exchange(peer, addresses, request, true);
    }

    /** Sends {@code message} and reads nothing; completes when it was written. */
    CompletableFuture<Void> send(PeerId peer, List<Multiaddr> addresses, DhtMessage message) {
        return exchange(peer, addresses, message, false).thenApply(m -> null);
    }

    /**
     * Sends {@code messages} in order on ONE new stream to {@code peer}, then closes the write side; reads nothing
     * (for a batch of ADD_PROVIDER, which go also writes on one stream). Completes when all were written. The
     * deadline grows with the batch (one request timeout per 1,000 messages, at least one) so a large batch to a
     * slow but live peer is not cut off, while a silent one still costs a bounded time.
     */
    CompletableFuture<Void> sendAll(PeerId peer, List<Multiaddr> addresses, List<DhtMessage> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // Framed messages are coalesced into writes of about CHUNK bytes: fewer writes, and a bounded recursion
        // depth when writes complete at once.
        List<byte[]> encoded = new java.util.ArrayList<>();
        java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
        for (DhtMessage m : messages) {
            byte[] body = DhtMessageCodec.encode(m);
            io.cairn.core.multiformats.Varint.write(body.length, chunk);
            chunk.writeBytes(body);
            if (chunk.size() >= CHUNK) {
                encoded.add(chunk.toByteArray());
                chunk.reset();
            }
        }
        if (chunk.size() > 0) {
            encoded.add(chunk.toByteArray());
        }
        long deadline = timeoutMillis * (1 + messages.size() / 1000);
        CompletableFuture<Void> result = new CompletableFuture<>();
        openBounded(peer, addresses, deadline, messages.size() + " messages", result,
                s -> writeFrom(s, encoded, 0, result));
        return result;
    }

    /** Writes {@code encoded[i..]} one after the other: each waits for the previous, honouring back-pressure. */
    private void writeFrom(P2pStream s, List<byte[]> encoded, int i, CompletableFuture<Void> result) {
        if (result.isDone()) {
            return; // timed out: the timer reset the stream
        }
        if (i == encoded.size()) {
            s.closeWrite();
            result.complete(null);
            resetUnlessClosed(s);
            return;
        }
        s.write(encoded.get(i)).whenComplete((v, we) -> {
            if (we != null) {
                s.reset();
                result.completeExceptionally(we);
                return;
            }
            writeFrom(s, encoded, i + 1, result);
        });
    }

    private CompletableFuture<DhtMessage> exchange(PeerId peer, List<Multiaddr> addresses, DhtMessage message,
            boolean expectReply) {
        byte[] bytes = DhtMessageCodec.encode(message);
        CompletableFuture<DhtMessage> result = new CompletableFuture<>();
        openBounded(peer, addresses, timeoutMillis, message.type().toString(), result, s -> {
            s.writeMessage(bytes).whenComplete((v, we) -> {
                if (we != null) {
                    s.reset();
                    result.completeExceptionally(we);
                    return;
                }
                s.closeWrite();
                if (!expectReply) {
                    result.complete(null);
                    resetUnlessClosed(s);
                    return;
                }
                s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).whenComplete((reply, re) -> {
                    if (re == null && reply == null) {
                        re = new EOFException(peer + " closed the stream without answering " + message.type());
                    }
                    if (re != null) {
                        s.reset();
                        result.completeExceptionally(re);
                        return;
                    }
                    DhtMessage decoded;
                    try {
                        decoded = DhtMessageCodec.decode(reply);
                    } catch (DhtMessageFormatException fe) {
                        s.reset();
                        result.completeExceptionally(fe);
                        return;
                    }
                    if (decoded.type() != message.type()) {
                        s.reset();
                        result.completeExceptionally(new DhtMessageFormatException(peer + " answered "
                                + message.type() + " with " + decoded.type()));
                        return;
                    }
                    result.complete(decoded);
                    resetUnlessClosed(s);
                });
            });
        });
        return result;
    }

    /**
     * Opens a stream to {@code peer} (remembering {@code addresses} for the dial) and hands it to {@code use}, all
     * under one deadline for the whole exchange: when it passes, {@code result} fails with a timeout and the stream,
     * opened or still opening, is reset. A failed open fails {@code result}.
     */
    private void openBounded(PeerId peer, List<Multiaddr> addresses, long deadlineMillis, String what,
            CompletableFuture<?> result, java.util.function.Consumer<P2pStream> use) {
        if (!addresses.isEmpty()) {
            host.peerStore().addAddresses(peer, addresses, LEARNT_ADDRESS_TTL);
        }
        AtomicReference<P2pStream> opened = new AtomicReference<>();
        ScheduledFuture<?> timer = timers.schedule(() -> {
            if (result.completeExceptionally(new TimeoutException(what + " to " + peer + " took over "
                    + deadlineMillis + " ms"))) {
                P2pStream s = opened.get();
                if (s != null) {
                    s.reset();
                }
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((v, e) -> timer.cancel(false));
        host.newStream(peer, protocols).whenComplete((s, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            opened.set(s);
            if (result.isDone()) {
                // The deadline passed while the stream was being opened: the timer could not reset it.
                s.reset();
                return;
            }
            use.accept(s);
        });
    }

    /** Both sides have said what they had to; a remote that keeps its side open past the deadline is cut off. */
    private void resetUnlessClosed(P2pStream s) {
        ScheduledFuture<?> t = timers.schedule(s::reset, timeoutMillis, TimeUnit.MILLISECONDS);
        s.closeFuture().whenComplete((v, e) -> t.cancel(false));
    }
}
