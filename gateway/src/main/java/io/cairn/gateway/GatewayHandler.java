package io.cairn.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
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
    /** The largest body served on the event loop; larger ones are streamed by a worker. */
    static final int INLINE_MAX_BODY = 64 * 1024;

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
        if (serveInline(request, keepAlive)) {
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

    /**
     * Answers {@code request} here on the event loop when every block it needs is in the small-block cache and its
     * body is at most {@link #INLINE_MAX_BODY} bytes (a small file through a cached directory, an error, a
     * redirect): one response with its Content-Length, one write and flush, and no thread hand-off. Returns false, having
     * written nothing, when a worker must serve it; the permit taken for it stays taken.
     */
    private boolean serveInline(HttpRequest request, boolean keepAlive) {
        long startNanos = System.nanoTime();
        HttpMethod method = request.method();
        boolean head = method.equals(HttpMethod.HEAD);
        GatewayResponse r;
        try {
            r = shared.responder.respondInline(method, request.uri(), request.headers(), INLINE_MAX_BODY);
        } catch (Throwable t) {     // as on a worker: every failure becomes a response
            r = GatewayErrors.response(t, shared.options.retryAfterSeconds());
        }
        if (r == null) {
            return false;
        }
        byte[] body = r.bytes;
        if (r.stream != null) {
            try (InputStream in = r.stream) {
                if (r.length < 0 || r.length > INLINE_MAX_BODY) {
                    return false;
                }
                if (!head) {
                    // Into an array of the declared size: readNBytes(int) would gather 8 KiB pieces and copy again.
                    body = new byte[(int) r.length];
                    if (in.readNBytes(body, 0, body.length) != body.length) {
                        return false;           // short: let the worker path cut the connection as it does
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A block of a multi-block body is not local, or reading failed: the worker starts over and
                // answers (or fails) as it would have without this attempt.
                return false;
            }
        }
        if (head) {
            body = null;
        }
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), r.status,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body), r.headers,
                EmptyHttpHeaders.INSTANCE);
        r.headers.set(HttpHeaderNames.CONTENT_LENGTH, r.length >= 0 ? r.length : 0);
        if (!keepAlive) {
            r.headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            r.headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        shared.permits.release();
        shared.metrics.completed(method, r.status.code(), body == null ? 0 : body.length,
                System.nanoTime() - startNanos);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        } else {
            write.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            next();
        }
        return true;
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
