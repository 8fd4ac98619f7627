package io.cairn.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, served one at a time in arrival order (HTTP/1.1 pipelining answers in order anyway).
 * While an {@link Exchange} is in flight a pipelined request waits here and reading from the socket stops, so a
 * client cannot queue work faster than it takes answers. Request bodies are ignored (GET and HEAD have none).
 *
 * <p>All fields are touched on the channel's event loop only; exchanges report back through
 * {@code ctx.executor()}.
 */
final class GatewayHandler extends ChannelInboundHandlerAdapter implements Exchange.Done {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    private static final int MAX_PIPELINED = 16;

    private final GatewayServer.Shared shared;
    private final Deque<HttpRequest> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;

    GatewayHandler(GatewayServer.Shared shared) {
        this.shared = shared;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest) {
                HttpRequest request = (HttpRequest) msg;
                if (request.decoderResult().isFailure()) {
                    rejectMalformed(request.decoderResult().cause());
                    return;
                }
                if (current != null) {
                    if (waiting.size() >= MAX_PIPELINED) {
                        ctx.close();
                        return;
                    }
                    waiting.add(request);
                    ctx.channel().config().setAutoRead(false);
                    return;
                }
                start(request);
            }
            // HttpContent (a body nobody asked for) is dropped.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(HttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!shared.permits.tryAcquire()) {
            writeAndContinue(GatewayErrors.tooManyRequests(shared.options.retryAfterSeconds()), request, keepAlive);
            return;
        }
        Exchange exchange = new Exchange(ctx.channel(), shared.executor, shared.responder, request.method(),
                request.uri(), request.headers(), request.protocolVersion(), keepAlive,
                shared.options.retryAfterSeconds(), this, shared.metrics);
        current = exchange;
        try {
            shared.executor.execute(exchange);
        } catch (RejectedExecutionException e) {
            current = null;
            shared.permits.release();
            writeAndContinue(GatewayErrors.tooManyRequests(shared.options.retryAfterSeconds()), request, keepAlive);
        }
    }

    /** Writes a small response from the event loop (no permit was taken), then goes on with the connection. */
    private void writeAndContinue(GatewayResponse r, HttpRequest request, boolean keepAlive) {
        FullHttpResponse response = full(r, request.protocolVersion(), keepAlive);
        shared.metrics.completed(request.method(), r.status.code(), r.bytes == null ? 0 : r.bytes.length, 0);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        } else {
            next();
        }
    }

    private void rejectMalformed(Throwable cause) {
        LOG.debug("malformed request: {}", cause.toString());
        GatewayResponse r = GatewayErrors.malformedRequest(cause);
        FullHttpResponse response = full(r, HttpVersion.HTTP_1_1, false);
        shared.metrics.completed(null, r.status.code(), r.bytes == null ? 0 : r.bytes.length, 0);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        ctx.channel().config().setAutoRead(false);
    }

    private static FullHttpResponse full(GatewayResponse r, HttpVersion version, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, r.status,
                r.bytes == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.bytes));
        response.headers().set(r.headers);
        HttpUtil.setContentLength(response, r.bytes == null ? 0 : r.bytes.length);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    @Override
    public void exchangeDone(Exchange exchange, boolean reusable) {
        shared.permits.release();
        ctx.executor().execute(() -> {
            if (current == exchange) {
                current = null;
            }
            if (!reusable) {
                ctx.close();
                return;
            }
            next();
        });
    }

    /** Serves the next waiting request, or reads on. */
    private void next() {
        HttpRequest request = waiting.poll();
        if (request != null) {
            start(request);
            return;
        }
        if (current == null && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && current != null) {
            current.resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.clear();
        if (current != null) {
            current.cancel();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection failed: {}", cause.toString());
        ctx.close();
    }
}
