package io.cairn.network.host;

import io.cairn.core.peer.PeerId;
import io.cairn.network.multistream.MultistreamNegotiator;
import io.cairn.network.multistream.MultistreamSelectHandler;
import io.cairn.network.noise.NoiseHandler;
import io.cairn.network.yamux.YamuxHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Upgrades a raw TCP channel to a libp2p connection, in the order libp2p's connections spec gives:
 * multistream-select agrees on {@code /noise}; Noise authenticates the peer and encrypts; multistream-select,
 * now inside the secure channel, agrees on {@code /yamux/1.0.0}; Yamux multiplexes. The pipeline ends up as
 * {@code noise, yamux, tail}. The whole upgrade has a deadline, after which the channel is closed.
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
    static final String NOISE = "/noise";
    static final String YAMUX = "/yamux/1.0.0";

    private final NettyHost host;
    private final boolean outbound;
    private final PeerId expectedPeer;
    private final CompletableFuture<LiveConnection> result;

    ConnectionInitializer(NettyHost host, boolean outbound, PeerId expectedPeer,
            CompletableFuture<LiveConnection> result) {
        this.host = host;
        this.outbound = outbound;
        this.expectedPeer = expectedPeer;
        this.result = result;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!outbound && !host.admitInbound(ch)) {
            result.completeExceptionally(new ConnectionLimitException("inbound connection refused: limits reached"));
            ch.close();
            return;
        }
        ScheduledFuture<?> deadline = ch.eventLoop().schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("connection upgrade took over "
                    + host.upgradeTimeout()))) {
                ch.close();
            }
        }, host.upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((c, e) -> deadline.cancel(false));
        ch.closeFuture().addListener(f -> result.completeExceptionally(
                new java.nio.channels.ClosedChannelException()));

        if (host.channelHook() != null) {
            host.channelHook().initChannel(ch, outbound);
        }
        Upgrade upgrade = new Upgrade();
        ch.pipeline().addLast("mss-security", new MultistreamSelectHandler(negotiator(NOISE), (ctx, p) -> {
            ctx.pipeline().addAfter(ctx.name(), "noise", new NoiseHandler(outbound, host.identity(), expectedPeer));
            ctx.pipeline().addAfter("noise", "mss-muxer", new MultistreamSelectHandler(negotiator(YAMUX),
                    (ctx2, p2) -> {
                        YamuxHandler yamux = new YamuxHandler(outbound, host.yamuxConfig());
                        ctx2.pipeline().addAfter(ctx2.name(), "yamux", yamux);
                        upgrade.muxerReady(ctx2, yamux);
                    }));
            ctx.pipeline().addAfter("mss-muxer", "upgrade", upgrade);
        }));
        ch.pipeline().addLast("tail", new TailHandler());
    }

    private MultistreamNegotiator negotiator(String protocol) {
        return outbound ? MultistreamNegotiator.dialer(List.of(protocol))
                : MultistreamNegotiator.listener(protocol::equals);
    }

    /** Learns the peer from Noise, then turns the Yamux session into a {@link LiveConnection}. */
    private final class Upgrade extends ChannelInboundHandlerAdapter {
        private NoiseHandler.Completed secured;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof NoiseHandler.Completed) {
                secured = (NoiseHandler.Completed) evt;
            }
            super.userEventTriggered(ctx, evt);
        }

        void muxerReady(ChannelHandlerContext ctx, YamuxHandler yamux) {
            if (secured == null) {
                // Impossible by construction: the muxer is negotiated inside the secure channel.
                ctx.close();
                result.completeExceptionally(new IllegalStateException("muxer agreed before the handshake ended"));
                return;
            }
            LiveConnection conn = new LiveConnection(host, ctx.channel(), yamux.connection(), secured.remoteKey(),
                    outbound);
            conn.acceptStreams();
            ctx.pipeline().remove(this);
            if (!result.complete(conn)) {
                conn.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.fireExceptionCaught(cause);
        }
    }

    /** The end of every connection's pipeline: logs what nobody handled and closes on errors. */
    private final class TailHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            NettyHost.LOG.debug("closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}
