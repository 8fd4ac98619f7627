package io.cairn.network.yamux;

import io.cairn.network.mux.MuxedStream;
import io.cairn.network.mux.StreamResetException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One Yamux stream. Every field is confined to the session's event loop; the public methods copy their arguments
 * and hop onto it.
 *
 * <p>Receive invariant: {@code buffered + recvCapacity + unannounced == recvWindow}, where {@code recvCapacity} is
 * what the remote may still send, {@code buffered} is received but not handed out by {@link #read()}, and
 * {@code unannounced} was handed out but not yet credited back by a window update. So unread data never exceeds the
 * receive window, and a data frame longer than {@code recvCapacity} is a protocol violation.
 *
 * <p>Send side: writes queue here until the session's pump, which runs only while the channel is writable, cuts
 * them into data frames no longer than the remote's window ({@code sendWindow}) or the configured frame size. A
 * queued FIN goes out on the frame that carries the last queued byte, or alone once the queue is empty.
 */
final class YamuxStream implements MuxedStream {
    /** Below this the growth check treats the RTT as this long; loopback RTTs are tinier than scheduling jitter. */
    private static final long MIN_GROWTH_RTT_NANOS = 1_000_000L;

    private final YamuxSession session;
    private final int id;
    private final boolean initiator;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    // receive side
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private long buffered;
    private long recvCapacity = YamuxConfig.PROTOCOL_INITIAL_WINDOW;
    private long unannounced;
    private int recvWindow;
    private long epochStartNanos = System.nanoTime();
    private CompletableFuture<byte[]> pendingRead;
    private boolean remoteFin;

    // send side
    private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
    private long queuedBytes;
    private long sendWindow = YamuxConfig.PROTOCOL_INITIAL_WINDOW;
    private boolean finQueued;
    private boolean finSent;
    private boolean acked;
    boolean inReadyQueue;

    // lifecycle
    private StreamResetException resetCause;
    private boolean removed;

    private static final class PendingWrite {
        final byte[] data;
        int offset;
        final CompletableFuture<Void> done;

        PendingWrite(byte[] data, CompletableFuture<Void> done) {
            this.data = data;
            this.done = done;
        }
    }

    YamuxStream(YamuxSession session, int id, boolean initiator, int recvWindow) {
        this.session = session;
        this.id = id;
        this.initiator = initiator;
        this.recvWindow = YamuxConfig.PROTOCOL_INITIAL_WINDOW;
        this.acked = !initiator;
        growInitialWindow(recvWindow);
    }

    /** Raises the window past the protocol's 256 KiB; the extra credit goes out with the SYN or ACK. */
    private void growInitialWindow(int window) {
        int extra = window - recvWindow;
        recvWindow = window;
        unannounced += extra;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean isInitiator() {
        return initiator;
    }

    // ---------------------------------------------------------------- public API, hops onto the event loop

    @Override
    public CompletableFuture<byte[]> read() {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        session.execute(() -> doRead(f), f);
        return f;
    }

    @Override
    public CompletableFuture<Void> write(byte[] data) {
        byte[] copy = data.clone();
        CompletableFuture<Void> f = new CompletableFuture<>();
        session.execute(() -> doWrite(copy, f), f);
        return f;
    }

    @Override
    public void closeWrite() {
        session.execute(this::doCloseWrite, null);
    }

    @Override
    public void reset() {
        session.execute(this::doReset, null);
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    // ---------------------------------------------------------------- local operations (event loop)

    private void doRead(CompletableFuture<byte[]> f) {
        if (pendingRead != null) {
            f.completeExceptionally(new IllegalStateException("a read is already outstanding on stream " + id));
        } else if (resetCause != null) {
            f.completeExceptionally(resetCause);
        } else if (!inbound.isEmpty()) {
            f.complete(takeChunk());
        } else if (remoteFin) {
            f.complete(new byte[0]);
        } else {
            pendingRead = f;
        }
    }

    /** Hands out the oldest buffered chunk and credits the window for it. */
    private byte[] takeChunk() {
        byte[] chunk = inbound.poll();
        buffered -= chunk.length;
        unannounced += chunk.length;
        if (!removed && !remoteFin && unannounced >= recvWindow / 2) {
            sendWindowUpdate(0);
        }
        return chunk;
    }

    /**
     * Credits the remote with what was read, growing the window (doubling, up to the maximum and the connection's
     * budget) when the last half-window was consumed within four round trips: then the window, not the reader,
     * limits the rate.
     */
    private void sendWindowUpdate(int flags) {
        long now = System.nanoTime();
        YamuxConfig config = session.config();
        if (flags == 0 && recvWindow < config.maxStreamWindow()
                && now - epochStartNanos < 4 * Math.max(session.rttNanos(), MIN_GROWTH_RTT_NANOS)) {
            int wanted = (int) Math.min(2L * recvWindow, config.maxStreamWindow()) - recvWindow;
            int granted = session.takeWindowGrowth(wanted);
            recvWindow += granted;
            unannounced += granted;
        }
        epochStartNanos = now;
        long delta = unannounced;
        unannounced = 0;
        recvCapacity += delta;
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, flags, id, (int) delta);
    }

    private void doWrite(byte[] data, CompletableFuture<Void> f) {
        if (resetCause != null) {
            f.completeExceptionally(resetCause);
        } else if (finQueued) {
            f.completeExceptionally(new IllegalStateException("stream " + id + " was closed for writing"));
        } else if (data.length == 0) {
            f.complete(null);
        } else {
            writes.add(new PendingWrite(data, f));
            queuedBytes += data.length;
            offerToPump();
            session.pump();
        }
    }

    private void doCloseWrite() {
        if (finQueued || resetCause != null) {
            return;
        }
        finQueued = true;
        if (writes.isEmpty()) {
            sendFin();
        }
    }

    private void doReset() {
        if (resetCause != null) {
            return;
        }
        if (!removed) {
            session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.RST, id, 0);
        }
        abort(new StreamResetException("stream " + id + " was reset locally"));
    }

    // ---------------------------------------------------------------- session callbacks (event loop)

    /**
     * Called once right after creation: an outbound stream sends SYN, an accepted one ACK, each on a window update
     * that carries any initial window past the protocol's 256 KiB. Data may follow before the remote's ACK.
     */
    void announceOpen() {
        sendWindowUpdate(initiator ? YamuxFrame.SYN : YamuxFrame.ACK);
    }

    boolean isAcked() {
        return acked;
    }

    /** The remote accepted our SYN. Returns whether this changed anything. */
    boolean onAck() {
        if (acked) {
            return false;
        }
        acked = true;
        return true;
    }

    boolean remoteFinished() {
        return remoteFin;
    }

    /** What the remote may still send; the session rejects a longer data frame before reading its body. */
    long recvCapacity() {
        return recvCapacity;
    }

    /** Reserves {@code length} bytes of the window for a data frame whose body is about to be read. */
    void reserve(int length) {
        recvCapacity -= length;
    }

    /** A data frame's body, already reserved; dropped if the stream was reset while it arrived. */
    void onData(byte[] body) {
        if (resetCause != null) {
            return;
        }
        inbound.add(body);
        buffered += body.length;
        if (pendingRead != null) {
            CompletableFuture<byte[]> f = pendingRead;
            pendingRead = null;
            f.complete(takeChunk());
        }
    }

    void onWindowUpdate(int delta) {
        boolean wasBlocked = sendWindow == 0;
        sendWindow += Integer.toUnsignedLong(delta);
        if (wasBlocked && sendWindow > 0) {
            offerToPump();
            session.pump();
        }
    }

    void onRemoteFin() {
        if (remoteFin || resetCause != null) {
            return;
        }
        remoteFin = true;
        if (pendingRead != null && inbound.isEmpty()) {
            CompletableFuture<byte[]> f = pendingRead;
            pendingRead = null;
            f.complete(new byte[0]);
        }
        maybeClosed();
    }

    void onRemoteReset() {
        abort(new StreamResetException("stream " + id + " was reset by the remote"));
    }

    /**
     * Ends the stream at once: drops buffered data, fails pending operations and releases its slot. State is final
     * before any future completes, since completing runs user code.
     */
    void abort(StreamResetException cause) {
        if (resetCause != null) {
            return;
        }
        resetCause = cause;
        inbound.clear();
        buffered = 0;
        List<CompletableFuture<?>> failed = new ArrayList<>();
        if (pendingRead != null) {
            failed.add(pendingRead);
            pendingRead = null;
        }
        for (PendingWrite w : writes) {
            failed.add(w.done);
        }
        writes.clear();
        queuedBytes = 0;
        remove();
        for (CompletableFuture<?> f : failed) {
            f.completeExceptionally(cause);
        }
        closeFuture.complete(null);
    }

    private void remove() {
        if (!removed) {
            removed = true;
            session.removeStream(this, recvWindow - session.config().initialStreamWindow());
        }
    }

    private void maybeClosed() {
        if (finSent && remoteFin && resetCause == null) {
            remove();
            closeFuture.complete(null);
        }
    }

    private void sendFin() {
        finSent = true;
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FIN, id, 0);
        maybeClosed();
    }

    private void offerToPump() {
        if (!inReadyQueue && queuedBytes > 0 && sendWindow > 0 && resetCause == null) {
            inReadyQueue = true;
            session.markReady(this);
        }
    }

    /**
     * Writes one data frame of up to {@code min(queued, sendWindow, maxFrame)} bytes, coalescing queued writes, and
     * completes the writes it finished. Called by the session's pump while the channel is writable.
     */
    void writeOneFrame() {
        int n = (int) Math.min(Math.min(queuedBytes, sendWindow), session.config().maxFrameSize());
        if (n <= 0 || resetCause != null) {
            return;
        }
        boolean fin = finQueued && queuedBytes == n;
        int flags = fin ? YamuxFrame.FIN : 0;
        ByteBuf buf = session.allocate(YamuxFrame.HEADER_LENGTH + n);
        List<CompletableFuture<Void>> done = null;
        try {
            YamuxFrameCodec.writeHeader(buf, YamuxFrame.Type.DATA, flags, id, n);
            int left = n;
            while (left > 0) {
                PendingWrite w = writes.peek();
                int take = Math.min(left, w.data.length - w.offset);
                buf.writeBytes(w.data, w.offset, take);
                w.offset += take;
                left -= take;
                if (w.offset == w.data.length) {
                    writes.poll();
                    if (done == null) {
                        done = new ArrayList<>(2);
                    }
                    done.add(w.done);
                }
            }
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        queuedBytes -= n;
        sendWindow -= n;
        session.writeFrame(buf);
        if (fin) {
            finSent = true;
            maybeClosed();
        }
        offerToPump();
        if (done != null) {
            for (CompletableFuture<Void> f : done) {
                f.complete(null);
            }
        }
    }

    /** Test hook: the current receive window, to observe growth. */
    int recvWindow() {
        return recvWindow;
    }

    /** Test hook: unread bytes held for the reader. */
    long bufferedBytes() {
        return buffered;
    }

    @Override
    public String toString() {
        return "YamuxStream{" + Integer.toUnsignedString(id) + (initiator ? " outbound" : " inbound") + "}";
    }
}
