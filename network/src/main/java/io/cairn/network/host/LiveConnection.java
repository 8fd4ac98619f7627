package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PublicKey;
import io.cairn.network.mux.MuxedConnection;
import io.cairn.network.mux.MuxedStream;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection after its upgrade: the authenticated peer, the Yamux session, and the bookkeeping the host needs
 * for idle trimming (open streams, last activity).
 */
final class LiveConnection implements Connection {
    private final NettyHost host;
    private final Channel channel;
    private final MuxedConnection muxed;
    private final PublicKey remoteKey;
    private final PeerId remotePeer;
    private final Multiaddr remoteAddress;
    private final Multiaddr localAddress;
    private final boolean outbound;
    private final CompletableFuture<PeerInfo> identified = new CompletableFuture<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile long lastActivityNanos = System.nanoTime();

    LiveConnection(NettyHost host, Channel channel, MuxedConnection muxed, PublicKey remoteKey, boolean outbound) {
        this.host = host;
        this.channel = channel;
        this.muxed = muxed;
        this.remoteKey = remoteKey;
        this.remotePeer = remoteKey.peerId();
        this.remoteAddress = NettyHost.multiaddrOf(channel.remoteAddress());
        this.localAddress = NettyHost.multiaddrOf(channel.localAddress());
        this.outbound = outbound;
    }

    /** Starts serving the remote's streams; called once, on the event loop, right after the upgrade. */
    void acceptStreams() {
        muxed.acceptStreams(this::onInboundStream);
    }

    private void onInboundStream(MuxedStream stream) {
        track(stream);
        NegotiatedStream.listen(stream, host::serves, this, channel.eventLoop(), host.negotiationTimeout())
                .whenComplete((s, e) -> {
                    if (e != null) {
                        NettyHost.LOG.debug("inbound stream from {} failed negotiation: {}", remotePeer, e.toString());
                        return;
                    }
                    StreamHandler h = host.handler(s.protocol());
                    if (h == null) {
                        s.reset();
                        return;
                    }
                    try {
                        h.handle(s);
                    } catch (RuntimeException ex) {
                        NettyHost.LOG.warn("handler for {} failed", s.protocol(), ex);
                        s.reset();
                    }
                });
    }

    private void track(MuxedStream stream) {
        openStreams.incrementAndGet();
        lastActivityNanos = System.nanoTime();
        stream.closeFuture().whenComplete((v, e) -> {
            openStreams.decrementAndGet();
            lastActivityNanos = System.nanoTime();
        });
    }

    @Override
    public CompletableFuture<P2pStream> openStream(List<String> protocols) {
        return muxed.openStream().thenCompose(stream -> {
            track(stream);
            return NegotiatedStream.dial(stream, protocols, this, channel.eventLoop(), host.negotiationTimeout());
        });
    }

    /** Whether no stream has been open for {@code idleNanos}. */
    boolean isIdle(long nowNanos, long idleNanos) {
        return openStreams.get() == 0 && nowNanos - lastActivityNanos > idleNanos;
    }

    CompletableFuture<PeerInfo> identifiedPromise() {
        return identified;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public PeerId remotePeer() {
        return remotePeer;
    }

    @Override
    public PublicKey remotePublicKey() {
        return remoteKey;
    }

    @Override
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Multiaddr localAddress() {
        return localAddress;
    }

    @Override
    public boolean isOutbound() {
        return outbound;
    }

    @Override
    public CompletableFuture<PeerInfo> identified() {
        return identified.copy();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive() && muxed.isOpen();
    }

    @Override
    public void close() {
        muxed.close();
        channel.close();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return muxed.closeFuture();
    }

    @Override
    public String toString() {
        return (outbound ? "outbound" : "inbound") + " connection to " + remotePeer + " at " + remoteAddress;
    }
}
