package io.cairn.network.yamux;

import io.cairn.network.mux.MuxedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Yamux ({@value #PROTOCOL_ID}) over a channel whose inbound messages are plaintext {@link ByteBuf}s in any
 * chunking (after Noise, or a bare socket in tests), and exposes it as a {@link MuxedConnection}. It must be the
 * last handler of the pipeline: it consumes every inbound byte and writes frames as {@code ByteBuf}s to the handler
 * before it. One instance per channel.
 *
 * <p>Buffers: inbound bytes are copied into arrays before they reach a stream, and the cumulation is released by
 * {@link ByteToMessageDecoder}; outbound frames are allocated here and owned by the channel once written. Stream
 * data is never held in a {@code ByteBuf}.
 *
 * <p>Opening a stream fails with {@link io.cairn.network.mux.StreamResetException} when the connection is closed,
 * going away either way, at its stream limit, or out of stream IDs.
 */
public final class YamuxHandler extends ByteToMessageDecoder {
    public static final String PROTOCOL_ID = "/yamux/1.0.0";

    private static final Logger LOG = LoggerFactory.getLogger(YamuxHandler.class);

    private final YamuxSession session;

    /**
     * @param initiator whether this side dialed the connection (it opens odd-numbered streams, the other side even)
     */
    public YamuxHandler(boolean initiator, YamuxConfig config) {
        this.session = new YamuxSession(initiator, config);
    }

    /** The connection; usable at once, its operations run once the handler is in a pipeline. */
    public MuxedConnection connection() {
        return session;
    }

    /** Sends a Yamux ping; completes with the round-trip time when the remote answers. */
    public CompletableFuture<Duration> ping() {
        return session.ping();
    }

    /** The session, for tests in this package that look at stream internals. */
    YamuxSession session() {
        return session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        session.attach(ctx);
        if (ctx.channel().isActive()) {
            session.start();
        }
        super.handlerAdded(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        session.start();
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        session.onInbound(in);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        session.flushNow();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            session.onWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.onChannelClosed();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        session.onChannelClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing yamux connection to {} after an error", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
