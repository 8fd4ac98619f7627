package io.cairn.network.host;

import io.cairn.network.multistream.MultistreamException;
import io.cairn.network.multistream.MultistreamNegotiator;
import io.cairn.network.multistream.ProtocolNotSupportedException;
import io.cairn.network.mux.MuxedStream;
import io.cairn.network.wire.FrameBuffer;
import io.cairn.network.wire.FrameFormatException;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.EOFException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A {@link MuxedStream} after multistream-select: the agreed protocol, plus the bytes the negotiation read past
 * its last message. Those bytes, and any partial message, sit in one {@link FrameBuffer} that raw and message
 * reads both drain first, so switching between the two never loses or reorders a byte.
 */
final class NegotiatedStream implements P2pStream {
    private final MuxedStream muxed;
    private final String protocol;
    private final Connection connection;
    private final FrameBuffer buffered = new FrameBuffer();

    private NegotiatedStream(MuxedStream muxed, String protocol, Connection connection, byte[] leftover) {
        this.muxed = muxed;
        this.protocol = protocol;
        this.connection = connection;
        buffered.append(leftover);
    }

    /** Proposes {@code protocols} in order on a stream this side opened. */
    static CompletableFuture<P2pStream> dial(MuxedStream muxed, List<String> protocols, Connection connection,
            EventExecutor loop, Duration timeout) {
        return negotiate(muxed, MultistreamNegotiator.dialer(protocols), connection, loop, timeout);
    }

    /** Answers the remote's proposals on a stream it opened, accepting what {@code supported} accepts. */
    static CompletableFuture<P2pStream> listen(MuxedStream muxed, Predicate<String> supported, Connection connection,
            EventExecutor loop, Duration timeout) {
        return negotiate(muxed, MultistreamNegotiator.listener(supported), connection, loop, timeout);
    }

    private static CompletableFuture<P2pStream> negotiate(MuxedStream muxed, MultistreamNegotiator negotiator,
            Connection connection, EventExecutor loop, Duration timeout) {
        CompletableFuture<P2pStream> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("protocol negotiation took over " + timeout))) {
                muxed.reset();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((s, e) -> timer.cancel(false));
        muxed.write(negotiator.start()).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            }
        });
        negotiateStep(muxed, negotiator, connection, result);
        return result;
    }

    private static void negotiateStep(MuxedStream muxed, MultistreamNegotiator negotiator, Connection connection,
            CompletableFuture<P2pStream> result) {
        muxed.read().whenComplete((data, error) -> {
            if (result.isDone()) {
                return;
            }
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            if (data.length == 0) {
                result.completeExceptionally(new EOFException("stream ended during protocol negotiation"));
                muxed.reset();
                return;
            }
            MultistreamNegotiator.Step step;
            try {
                step = negotiator.receive(data);
            } catch (MultistreamException e) {
                muxed.reset();
                result.completeExceptionally(e);
                return;
            }
            if (step.toSend().length > 0) {
                muxed.write(step.toSend());
            }
            if (step.refused()) {
                muxed.closeWrite();
                muxed.reset();
                result.completeExceptionally(new ProtocolNotSupportedException(negotiator.proposals()));
            } else if (step.done()) {
                result.complete(new NegotiatedStream(muxed, step.selected(), connection, step.leftover()));
            } else {
                negotiateStep(muxed, negotiator, connection, result);
            }
        });
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public CompletableFuture<byte[]> read() {
        if (buffered.available() > 0) {
            return CompletableFuture.completedFuture(buffered.drain());
        }
        return muxed.read();
    }

    @Override
    public CompletableFuture<byte[]> readMessage(int maxLength) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        readMessageInto(maxLength, result);
        return result;
    }

    private void readMessageInto(int maxLength, CompletableFuture<byte[]> result) {
        byte[] frame;
        try {
            frame = buffered.nextFrame(maxLength);
        } catch (FrameFormatException e) {
            muxed.reset();
            result.completeExceptionally(e);
            return;
        }
        if (frame != null) {
            result.complete(frame);
            return;
        }
        muxed.read().whenComplete((data, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (data.length == 0) {
                if (buffered.available() == 0) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(new EOFException("stream ended inside a message"));
                }
            } else {
                buffered.append(data);
                readMessageInto(maxLength, result);
            }
        });
    }

    @Override
    public CompletableFuture<Void> write(byte[] data) {
        return muxed.write(data);
    }

    @Override
    public CompletableFuture<Void> writeMessage(byte[] payload) {
        return muxed.write(FrameBuffer.frame(payload));
    }

    @Override
    public void closeWrite() {
        muxed.closeWrite();
    }

    @Override
    public void reset() {
        muxed.reset();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return muxed.closeFuture();
    }

    @Override
    public String toString() {
        return protocol + " stream " + muxed.id() + " with " + connection.remotePeer();
    }
}
