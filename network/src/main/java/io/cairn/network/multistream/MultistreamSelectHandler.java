package io.cairn.network.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Runs a multistream-select negotiation on a connection (raw TCP, or the plaintext side of a secure channel) and
 * then steps aside: {@link Selected#install} adds the agreed protocol's handlers right after this one, this handler
 * passes on any bytes that followed the agreement, and removes itself. A protocol violation or a refusal is fired
 * as an exception and closes the channel.
 *
 * <p>Buffer ownership: every inbound {@code ByteBuf} is copied out and released here.
 */
public final class MultistreamSelectHandler extends ChannelInboundHandlerAdapter {
    /** Adds the handlers of the agreed protocol after {@code ctx}'s handler; runs on the event loop. */
    @FunctionalInterface
    public interface Selected {
        void install(ChannelHandlerContext ctx, String protocol);
    }

    private final MultistreamNegotiator negotiator;
    private final Selected selected;
    private boolean started;

    public MultistreamSelectHandler(MultistreamNegotiator negotiator, Selected selected) {
        this.negotiator = negotiator;
        this.selected = selected;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (!started) {
            started = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(negotiator.start()));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (negotiator.isDone() || !(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] data;
        ByteBuf buf = (ByteBuf) msg;
        try {
            data = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        MultistreamNegotiator.Step step;
        try {
            step = negotiator.receive(data);
        } catch (MultistreamException e) {
            ctx.fireExceptionCaught(e);
            ctx.close();
            return;
        }
        if (step.toSend().length > 0) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(step.toSend()));
        }
        if (step.refused()) {
            ctx.fireExceptionCaught(new ProtocolNotSupportedException(negotiator.proposals()));
            ctx.close();
        } else if (step.done()) {
            selected.install(ctx, step.selected());
            if (step.leftover().length > 0) {
                ctx.fireChannelRead(Unpooled.wrappedBuffer(step.leftover()));
            }
            ctx.pipeline().remove(this);
        }
    }
}
