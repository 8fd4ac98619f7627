package io.cairn.gateway;

import io.cairn.core.reader.SegmentedInput;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, from the moment a concurrency permit was taken to the moment the last byte was
 * written or the connection died. It runs on the worker executor: decide the response, write its head, then pump
 * the body.
 *
 * <p>Back-pressure: the pump reads a chunk only while the channel is writable. When it is not, the pump parks
 * (returns its thread to the pool) and {@link #resume()}, called by the handler when the channel becomes writable
 * again, schedules it anew; so a slow client holds at most the channel's high water mark plus one chunk of memory
 * and no thread. A closed channel ({@link #cancel()}) ends the pump at its next step and closes the body, which
 * stops any reading. {@link #finish} runs exactly once, releases the permit and tells the handler.
 *
 * <p>Threads: {@code run} and the pump run on the executor, one step at a time (each step is handed over through
 * the executor or a parked flag, which orders them); Netty's channel methods are safe from any thread.
 */
final class Exchange implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    static final int CHUNK = 256 * 1024;
    private static final int CHUNKS_PER_TURN = 16;

    interface Done {
        /** Called once, from any thread, when the exchange is over; {@code reusable}: the connection may go on. */
        void exchangeDone(Exchange exchange, boolean reusable);
    }

    private final Channel channel;
    private final Executor executor;
    private final GatewayResponder responder;
    private final HttpMethod method;
    private final String uri;
    private final HttpHeaders requestHeaders;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final int retryAfterSeconds;
    private final Done done;
    private final GatewayMetrics metrics;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean cancelled;
    private InputStream body;
    /** Body bytes still to send when the length was declared; -1 for a chunked body (until the stream ends). */
    private long remaining = -1;
    /** Set once the head is decided; 0 when the exchange ended before that. Written and read on the pump's steps. */
    private int status;
    private long written;

    Exchange(Channel channel, Executor executor, GatewayResponder responder, HttpMethod method, String uri,
            HttpHeaders requestHeaders, HttpVersion version, boolean keepAlive, int retryAfterSeconds, Done done,
            GatewayMetrics metrics) {
        this.channel = channel;
        this.executor = executor;
        this.responder = responder;
        this.method = method;
        this.uri = uri;
        this.requestHeaders = requestHeaders;
        this.version = version;
        this.keepAlive = keepAlive;
        this.retryAfterSeconds = retryAfterSeconds;
        this.done = done;
        this.metrics = metrics;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** Decides the response and writes its head; then pumps the body. */
    @Override
    public void run() {
        if (cancelled) {
            finish(false);
            return;
        }
        GatewayResponse response;
        try {
            response = responder.respond(method, uri, requestHeaders);
        } catch (Throwable t) {     // every failure becomes a response; GatewayErrors logs what is a bug
            response = GatewayErrors.response(t, retryAfterSeconds);
        }
        if (method.equals(HttpMethod.HEAD) && response.stream != null) {
            closeQuietly(response.stream);
            response = response.withoutBody();
        }
        status = response.status.code();
        try {
            writeHead(response);
        } catch (RuntimeException e) {
            LOG.warn("could not write a response head", e);
            closeQuietly(response.stream);
            channel.close();
            finish(false);
            return;
        }
        if (response.stream == null) {
            if (response.bytes != null && !method.equals(HttpMethod.HEAD)) {
                written = response.bytes.length;
            }
            channel.writeAndFlush(response.bytes == null || method.equals(HttpMethod.HEAD)
                    ? LastHttpContent.EMPTY_LAST_CONTENT
                    : new DefaultLastHttpContent(Unpooled.wrappedBuffer(response.bytes)))
                    .addListener(f -> finish(f.isSuccess()));
            return;
        }
        body = response.stream;
        remaining = response.length;
        pump();
    }

    private void writeHead(GatewayResponse r) {
        HttpResponse head = new DefaultHttpResponse(version, r.status, r.headers);
        if (r.length >= 0) {
            HttpUtil.setContentLength(head, r.length);
        } else if (!method.equals(HttpMethod.HEAD)) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        if (!keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        channel.write(head);
    }

    /** Streams the body while the channel is writable; parks otherwise. */
    private void pump() {
        try {
            for (int turn = 0; turn < CHUNKS_PER_TURN; turn++) {
                if (cancelled || !channel.isActive()) {
                    finish(false);
                    return;
                }
                if (!channel.isWritable()) {
                    parked.set(true);
                    // Writability may have come back between the check and the flag: take the flag back if so.
                    if (channel.isWritable() && parked.compareAndSet(true, false)) {
                        continue;
                    }
                    return;
                }
                // A declared length sizes the last chunk, so a small file is one small array, and its bytes go out
                // in the same write and flush as the end of the body (and, first time round, the head).
                int want = remaining >= 0 ? (int) Math.min(CHUNK, remaining) : CHUNK;
                if (body instanceof SegmentedInput segments) {
                    if (pumpSegments(segments, want)) {
                        return;
                    }
                    continue;
                }
                byte[] chunk = want == 0 ? null : new byte[want];
                int n = want == 0 ? 0 : body.readNBytes(chunk, 0, want);
                written += n;
                if (remaining >= 0) {
                    remaining -= n;
                }
                if (n < want && remaining > 0) {
                    throw new IOException("body ended " + remaining + " bytes short of its Content-Length");
                }
                if (n < want || remaining == 0) {
                    channel.writeAndFlush(n == 0 ? LastHttpContent.EMPTY_LAST_CONTENT
                            : new DefaultLastHttpContent(Unpooled.wrappedBuffer(chunk, 0, n)))
                            .addListener(f -> finish(f.isSuccess()));
                    return;
                }
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk, 0, n)))
                        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
            executor.execute(this::pump);       // yield the thread to other exchanges
        } catch (IOException | RuntimeException e) {
            // The head is out: the status cannot change any more. Cutting the connection tells the client the body
            // is incomplete (a short Content-Length or a chunked body without its last chunk).
            if (e instanceof RejectedExecutionException) {
                LOG.debug("worker pool rejected a body step; closing the connection");
            } else {
                LOG.warn("failed while streaming {}: {}", uri, e.toString());
            }
            channel.close();
            finish(false);
        }
    }

    /**
     * One step of a body that hands out views of its blocks: up to {@code want} bytes written as those views, no
     * copy on this side (Netty's copy into a direct buffer for the socket is the only one), flushed together.
     * Returns true when the body is complete and its end written.
     */
    private boolean pumpSegments(SegmentedInput segments, int want) throws IOException {
        int got = 0;
        boolean end = false;
        while (got < want) {
            SegmentedInput.Segment s = segments.nextSegment(want - got);
            if (s == null) {
                end = true;
                break;
            }
            channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(s.array(), s.offset(), s.length())))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            got += s.length();
        }
        written += got;
        if (remaining >= 0) {
            remaining -= got;
        }
        if (end && remaining > 0) {
            channel.flush();
            throw new IOException("body ended " + remaining + " bytes short of its Content-Length");
        }
        if (end || remaining == 0) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish(f.isSuccess()));
            return true;
        }
        channel.flush();
        return false;
    }

    /** The channel is writable again: continue a parked pump. */
    void resume() {
        if (parked.compareAndSet(true, false)) {
            schedule();
        }
    }

    /** The connection is gone: stop the work. */
    void cancel() {
        cancelled = true;
        if (parked.compareAndSet(true, false)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            executor.execute(this::pump);
        } catch (RejectedExecutionException e) {
            channel.close();
            finish(false);
        }
    }

    private void finish(boolean success) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(body);
        if (status != 0) {
            metrics.completed(method, status, written, System.nanoTime() - startNanos);
        }
        done.exchangeDone(this, success && keepAlive);
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing a response body failed", e);
        }
    }
}
