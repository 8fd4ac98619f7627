package io.cairn.network.yamux;

import io.cairn.network.mux.MuxedConnection;
import io.cairn.network.mux.MuxedStream;
import io.cairn.network.mux.StreamResetException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one Yamux connection: its streams, the inbound frame state machine, the outbound pump and the
 * limits. Confined to the channel's event loop; the public methods hop onto it (tasks submitted before the handler
 * is attached wait in {@code preAttach}, in order).
 *
 * <p>Outbound: control frames (window updates, SYN/ACK/FIN/RST, ping, go-away) are written at once; data waits in
 * its stream until the pump, which runs while the channel is writable and takes one frame per ready stream in turn,
 * so the channel's outbound buffer holds at most about one frame past its high-water mark. Control frames a peer
 * provokes while not reading (ping answers, RSTs) are bounded by {@link #MAX_CONTROL_BACKLOG}; past it the
 * connection closes.
 *
 * <p>Inbound: a header is decoded and checked (stream window, limits) before its body is read, and a data body is
 * copied straight into an array of its size as bytes arrive, or skipped when its stream is gone. Any violation is a
 * go-away with the protocol-error code, and the channel closes.
 */
final class YamuxSession implements MuxedConnection {
    private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);
    private static final long MAX_CONTROL_BACKLOG = 4L * 1024 * 1024;
    private static final long CLOSE_GRACE_SECONDS = 5;

    private final boolean initiator;
    private final YamuxConfig config;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private volatile Consumer<MuxedStream> acceptor;
    private volatile boolean closed;
    private volatile boolean localGoAway;
    private volatile boolean remoteGoAway;

    private volatile EventExecutor loop;
    private List<Runnable> preAttach = new ArrayList<>();
    private ChannelHandlerContext ctx;

    private final IntObjectMap<YamuxStream> streams = new IntObjectHashMap<>();
    private int inboundCount;
    private int unackedOutbound;
    private long nextStreamId;
    private final ArrayDeque<CompletableFuture<MuxedStream>> pendingOpens = new ArrayDeque<>();
    private final ArrayDeque<YamuxStream> ready = new ArrayDeque<>();
    private long windowGrowthLeft;
    private boolean flushScheduled;

    private final IntObjectMap<PendingPing> pings = new IntObjectHashMap<>();
    private int nextPingId;
    private long rttNanos;
    private boolean started;

    // inbound frame state: a data body being read into bodyArray (or skipped when bodyArray is null)
    private YamuxFrameCodec.Header bodyHeader;
    private YamuxStream bodyStream;
    private byte[] bodyArray;
    private int bodyFilled;

    private record PendingPing(long sentNanos, CompletableFuture<Duration> result) {
    }

    YamuxSession(boolean initiator, YamuxConfig config) {
        this.initiator = initiator;
        this.config = config;
        this.nextStreamId = initiator ? 1 : 2;
        this.windowGrowthLeft = config.maxWindowGrowthPerConnection();
    }

    // ---------------------------------------------------------------- threading

    /** Binds to the handler's context; queued tasks run next, in submission order. */
    void attach(ChannelHandlerContext context) {
        synchronized (this) {
            this.ctx = context;
            EventExecutor executor = context.executor();
            for (Runnable r : preAttach) {
                executor.execute(r);
            }
            preAttach = null;
            this.loop = executor;
        }
    }

    /** Runs {@code task} on the event loop; fails {@code onReject} if the loop no longer takes tasks. */
    void execute(Runnable task, CompletableFuture<?> onReject) {
        EventExecutor executor = loop;
        if (executor == null) {
            synchronized (this) {
                if (loop == null) {
                    preAttach.add(task);
                    return;
                }
                executor = loop;
            }
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (onReject != null) {
                onReject.completeExceptionally(new StreamResetException("connection closed: event loop shut down"));
            } else {
                LOG.debug("yamux task dropped: event loop shut down", e);
            }
        }
    }

    YamuxConfig config() {
        return config;
    }

    long rttNanos() {
        return rttNanos;
    }

    // ---------------------------------------------------------------- MuxedConnection

    @Override
    public CompletableFuture<MuxedStream> openStream() {
        CompletableFuture<MuxedStream> f = new CompletableFuture<>();
        execute(() -> doOpen(f), f);
        return f;
    }

    @Override
    public void acceptStreams(Consumer<MuxedStream> streamAcceptor) {
        this.acceptor = streamAcceptor;
    }

    @Override
    public void close() {
        execute(() -> shutdown(YamuxFrame.GO_AWAY_NORMAL, "connection closed locally"), null);
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return !closed && !localGoAway && !remoteGoAway;
    }

    CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> f = new CompletableFuture<>();
        execute(() -> doPing(f), f);
        return f;
    }

    // ---------------------------------------------------------------- lifecycle (event loop)

    /** The channel is active: measure the RTT once, which the window growth check uses. */
    void start() {
        if (started || closed) {
            return;
        }
        started = true;
        doPing(new CompletableFuture<>());
    }

    /** The channel closed or the handler was removed: everything still open ends now. */
    void onChannelClosed() {
        if (!closed) {
            closed = true;
            abortAll("connection closed");
        }
        bodyArray = null;
        bodyStream = null;
        closeFuture.complete(null);
    }

    /** Sends go-away with {@code code}, resets every stream, and closes the channel once the go-away is out. */
    private void shutdown(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        localGoAway = true;
        abortAll(reason);
        ctx.channel().config().setAutoRead(false);
        ByteBuf buf = allocate(YamuxFrame.HEADER_LENGTH);
        YamuxFrameCodec.writeHeader(buf, YamuxFrame.Type.GO_AWAY, 0, 0, code);
        ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
        // a peer that never reads would keep the go-away (and the channel) pending forever
        ChannelHandlerContext c = ctx;
        c.executor().schedule(() -> c.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    private void protocolError(String reason) {
        LOG.debug("yamux protocol error from {}: {}", ctx.channel().remoteAddress(), reason);
        shutdown(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "protocol error: " + reason);
    }

    private void abortAll(String reason) {
        StreamResetException cause = new StreamResetException(reason);
        List<YamuxStream> open = new ArrayList<>(streams.values());
        for (YamuxStream s : open) {
            s.abort(cause);
        }
        ready.clear();
        List<CompletableFuture<?>> failed = new ArrayList<>(pendingOpens);
        pendingOpens.clear();
        for (PendingPing p : pings.values()) {
            failed.add(p.result());
        }
        pings.clear();
        for (CompletableFuture<?> f : failed) {
            f.completeExceptionally(cause);
        }
    }

    // ---------------------------------------------------------------- opening streams (event loop)

    private void doOpen(CompletableFuture<MuxedStream> f) {
        if (closed || localGoAway) {
            f.completeExceptionally(new StreamResetException("connection closed"));
        } else if (remoteGoAway) {
            f.completeExceptionally(new StreamResetException("remote sent go-away; no new streams"));
        } else if (unackedOutbound >= config.maxUnackedOutboundStreams()) {
            pendingOpens.add(f);
        } else {
            openNow(f);
        }
    }

    private void openNow(CompletableFuture<MuxedStream> f) {
        if (streams.size() >= config.maxStreams()) {
            f.completeExceptionally(new StreamResetException("stream limit of " + config.maxStreams() + " reached"));
            return;
        }
        if (nextStreamId > 0xFFFF_FFFFL) {
            f.completeExceptionally(new StreamResetException("stream IDs exhausted on this connection"));
            return;
        }
        int id = (int) nextStreamId;
        nextStreamId += 2;
        YamuxStream s = new YamuxStream(this, id, true, config.initialStreamWindow());
        streams.put(id, s);
        unackedOutbound++;
        s.announceOpen();
        f.complete(s);
    }

    private void openWaiting() {
        while (!pendingOpens.isEmpty() && unackedOutbound < config.maxUnackedOutboundStreams()) {
            CompletableFuture<MuxedStream> f = pendingOpens.poll();
            if (closed || localGoAway || remoteGoAway) {
                f.completeExceptionally(new StreamResetException("connection closed or going away"));
            } else {
                openNow(f);
            }
        }
    }

    /** A SYN from the remote: a new stream, or a RST when a limit or our state refuses it (then null). */
    private YamuxStream acceptInbound(int id) {
        boolean remoteParity = (id & 1) == (initiator ? 0 : 1);
        if (id == 0 || !remoteParity) {
            protocolError("SYN with stream ID " + Integer.toUnsignedString(id) + " of the wrong parity");
            return null;
        }
        Consumer<MuxedStream> a = acceptor;
        if (localGoAway || a == null || inboundCount >= config.maxInboundStreams()
                || streams.size() >= config.maxStreams()) {
            writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.RST, id, 0);
            return null;
        }
        YamuxStream s = new YamuxStream(this, id, false, config.initialStreamWindow());
        streams.put(id, s);
        inboundCount++;
        s.announceOpen();
        try {
            a.accept(s);
        } catch (RuntimeException e) {
            LOG.warn("stream acceptor threw; resetting stream {}", s, e);
            s.reset();
        }
        return s;
    }

    /** Called by a stream when it is done; {@code growth} is its window growth to give back to the budget. */
    void removeStream(YamuxStream s, int growth) {
        if (streams.remove(s.id()) == null) {
            return;
        }
        windowGrowthLeft += growth;
        if (!s.isInitiator()) {
            inboundCount--;
        } else if (!s.isAcked()) {
            unackedOutbound--;
            openWaiting();
        }
    }

    int takeWindowGrowth(int wanted) {
        int granted = (int) Math.min(wanted, windowGrowthLeft);
        windowGrowthLeft -= granted;
        return granted;
    }

    // ---------------------------------------------------------------- pings (event loop)

    private void doPing(CompletableFuture<Duration> f) {
        if (closed) {
            f.completeExceptionally(new StreamResetException("connection closed"));
            return;
        }
        int opaque = nextPingId++;
        pings.put(opaque, new PendingPing(System.nanoTime(), f));
        writeControl(YamuxFrame.Type.PING, YamuxFrame.SYN, 0, opaque);
    }

    private void onPingAck(int opaque) {
        PendingPing p = pings.remove(opaque);
        if (p == null) {
            return;
        }
        long rtt = Math.max(1, System.nanoTime() - p.sentNanos());
        rttNanos = rtt;
        p.result().complete(Duration.ofNanos(rtt));
    }

    // ---------------------------------------------------------------- inbound (event loop)

    /** Consumes whatever of {@code in} forms frames or parts of a data body; the rest waits for more bytes. */
    void onInbound(ByteBuf in) {
        if (closed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (true) {
            if (closed) {
                // the go-away may have closed the channel synchronously, which released the cumulation
                return;
            }
            if (bodyHeader != null) {
                int n = Math.min(in.readableBytes(), bodyHeader.length() - bodyFilled);
                if (n == 0) {
                    return;
                }
                if (bodyArray != null) {
                    in.readBytes(bodyArray, bodyFilled, n);
                } else {
                    in.skipBytes(n);
                }
                bodyFilled += n;
                if (bodyFilled == bodyHeader.length()) {
                    finishBody();
                }
                continue;
            }
            if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
                return;
            }
            YamuxFrameCodec.Header h;
            try {
                h = YamuxFrameCodec.decodeHeader(in, config.maxStreamWindow());
            } catch (YamuxFormatException e) {
                protocolError(e.getMessage());
                return;
            }
            onHeader(h);
        }
    }

    private void onHeader(YamuxFrameCodec.Header h) {
        switch (h.type()) {
            case PING -> {
                if (h.has(YamuxFrame.SYN)) {
                    writeControl(YamuxFrame.Type.PING, YamuxFrame.ACK, 0, h.length());
                } else if (h.has(YamuxFrame.ACK)) {
                    onPingAck(h.length());
                }
            }
            case GO_AWAY -> onGoAway(h.length());
            case WINDOW_UPDATE, DATA -> onStreamFrame(h);
            default -> throw new AssertionError(h.type());
        }
    }

    private void onGoAway(int code) {
        if (code != YamuxFrame.GO_AWAY_NORMAL) {
            LOG.debug("yamux go-away with error code {} from {}", code, ctx.channel().remoteAddress());
        }
        remoteGoAway = true;
        StreamResetException cause = new StreamResetException("remote sent go-away; no new streams");
        List<CompletableFuture<MuxedStream>> waiting = new ArrayList<>(pendingOpens);
        pendingOpens.clear();
        for (CompletableFuture<MuxedStream> f : waiting) {
            f.completeExceptionally(cause);
        }
    }

    private void onStreamFrame(YamuxFrameCodec.Header h) {
        int id = h.streamId();
        if (id == 0) {
            protocolError(h.type() + " frame on stream 0");
            return;
        }
        YamuxStream s = streams.get(id);
        if (h.has(YamuxFrame.SYN)) {
            if (s != null) {
                protocolError("SYN for stream " + Integer.toUnsignedString(id) + " which is already open");
                return;
            }
            s = acceptInbound(id);
            if (closed) {
                return;
            }
        }
        if (s != null && h.has(YamuxFrame.ACK) && s.isInitiator() && s.onAck()) {
            unackedOutbound--;
            openWaiting();
        }
        if (h.type() == YamuxFrame.Type.WINDOW_UPDATE) {
            if (s != null) {
                s.onWindowUpdate(h.length());
            }
            endOfFrame(s, h);
            return;
        }
        long length = Integer.toUnsignedLong(h.length());
        if (length == 0) {
            endOfFrame(s, h);
            return;
        }
        bodyHeader = h;
        bodyFilled = 0;
        bodyStream = null;
        bodyArray = null;
        if (s != null && !s.remoteFinished()) {
            if (length > s.recvCapacity()) {
                protocolError("data frame of " + length + " bytes exceeds the receive window of "
                        + s.recvCapacity() + " on stream " + Integer.toUnsignedString(id));
                return;
            }
            s.reserve((int) length);
            bodyStream = s;
            bodyArray = new byte[(int) length];
        } else if (s != null) {
            // data after the remote's own FIN: the stream's state is broken, so abort it and drop the body
            LOG.debug("data after FIN on {}; resetting it", s);
            s.reset();
        }
    }

    private void finishBody() {
        YamuxFrameCodec.Header h = bodyHeader;
        YamuxStream s = bodyStream;
        byte[] body = bodyArray;
        bodyHeader = null;
        bodyStream = null;
        bodyArray = null;
        if (s != null) {
            s.onData(body);
        }
        endOfFrame(s, h);
    }

    /** FIN and RST act after the frame's data, which the remote sent before closing. */
    private void endOfFrame(YamuxStream s, YamuxFrameCodec.Header h) {
        if (s == null) {
            return;
        }
        if (h.has(YamuxFrame.RST)) {
            s.onRemoteReset();
        } else if (h.has(YamuxFrame.FIN)) {
            s.onRemoteFin();
        }
    }

    // ---------------------------------------------------------------- outbound (event loop)

    ByteBuf allocate(int size) {
        return ctx.alloc().ioBuffer(size);
    }

    void markReady(YamuxStream s) {
        ready.add(s);
    }

    /** Hands data frames to the channel while it is writable, one frame per ready stream in turn. */
    void pump() {
        if (closed || ctx == null) {
            return;
        }
        while (!ready.isEmpty() && ctx.channel().isWritable()) {
            YamuxStream s = ready.poll();
            s.inReadyQueue = false;
            s.writeOneFrame();
        }
    }

    void writeFrame(ByteBuf frame) {
        ctx.write(frame, ctx.voidPromise());
        scheduleFlush();
    }

    /** Writes a header-only frame now, whatever the writability, unless the peer left too much of them unread. */
    void writeControl(YamuxFrame.Type type, int flags, int streamId, int length) {
        if (closed) {
            return;
        }
        if (!ctx.channel().isWritable() && ctx.channel().bytesBeforeWritable() > MAX_CONTROL_BACKLOG) {
            LOG.debug("yamux peer {} does not read its control frames; closing", ctx.channel().remoteAddress());
            shutdown(YamuxFrame.GO_AWAY_INTERNAL_ERROR, "peer does not read");
            return;
        }
        ByteBuf buf = allocate(YamuxFrame.HEADER_LENGTH);
        YamuxFrameCodec.writeHeader(buf, type, flags, streamId, length);
        writeFrame(buf);
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(this::flushNow);
        }
    }

    /** Flushes what was written; also called at the end of each inbound read so replies leave in one batch. */
    void flushNow() {
        if (flushScheduled) {
            flushScheduled = false;
            ctx.flush();
        }
    }

    void onWritable() {
        pump();
    }
}
