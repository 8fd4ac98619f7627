package io.cairn.network.noise;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * Runs libp2p's Noise channel on a Netty pipeline: add it right after multistream-select chose {@code /noise}.
 * It performs the handshake (the initiator starts as soon as the channel is active), then fires {@link Completed}
 * downstream and from then on decrypts inbound frames into plaintext {@link ByteBuf}s and encrypts outbound ones.
 *
 * <p>Wire format: every handshake and transport message is preceded by its length as 2 bytes big-endian, so no
 * frame exceeds 65535 bytes and no transport frame carries more than 65519 plaintext bytes; longer writes are split.
 *
 * <p>Buffer ownership: inbound {@code ByteBuf}s handed to this handler are consumed (released); the plaintext
 * buffers it fires belong to the next handler. Outbound {@code ByteBuf}s are consumed; a write's promise completes
 * when the frames carrying it are written. Writes issued before the handshake completes wait and go out after it,
 * in order; other message types are refused (released, promise failed), since passing them on would send them in
 * the clear.
 *
 * <p>Failures caused by the remote (a frame that does not authenticate, a bad handshake, a peer other than the
 * expected one, a connection closed mid-handshake or mid-frame) fire one {@link NoiseException} through
 * {@code exceptionCaught} and close the channel; pending writes fail with it and later input is discarded.
 *
 * <p>Invariant: {@link #cumulation} holds only bytes of frames not yet complete, and is null whenever it is empty or
 * the handler has failed or been removed.
 */
public final class NoiseHandler extends ChannelDuplexHandler {
    /** Fired downstream as a user event once the remote's identity is verified and transport keys are in place. */
    public record Completed(PeerId remotePeer, PublicKey remoteKey) {
    }

    private static final int LENGTH_PREFIX = 2;
    private static final int FRAME_OVERHEAD = LENGTH_PREFIX + NoiseCipher.TAG_LENGTH;
    /**
     * Where a ciphertext frame from a direct buffer is copied to be decrypted: one per thread, not one per
     * connection (a 64 KiB array per connection was most of the heap of a node with thousands of connections).
     * Safe because a frame is decrypted start to end on one thread without handing the array out.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[NoiseCipher.MAX_MESSAGE_LENGTH];
        }
    };

    private enum State { HANDSHAKING, OPEN, FAILED }

    private record PendingWrite(ByteBuf data, ChannelPromise promise) {
    }

    private final NoiseHandshake handshake;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private State state = State.HANDSHAKING;
    private boolean started;
    private ByteBuf cumulation;
    private NoiseCipher sender;
    private NoiseCipher receiver;
    private Completed completed;

    /**
     * @param initiator whether this side dialed (and so sends the first handshake message)
     * @param identity our libp2p identity, which signs our Noise static key
     * @param expectedRemote the peer this connection must reach, or null to accept any verified peer
     */
    public NoiseHandler(boolean initiator, Ed25519KeyPair identity, PeerId expectedRemote) {
        this(initiator ? NoiseHandshake.initiator(identity, expectedRemote)
                : NoiseHandshake.responder(identity, expectedRemote));
    }

    NoiseHandler(NoiseHandshake handshake) {
        this.handshake = handshake;
    }

    /** The verified remote once the handshake has completed; null before. */
    public Completed completed() {
        return completed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        if (handshake.isMyTurn()) {
            writeHandshakeMessage(ctx);
        }
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.FAILED) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        try {
            readFrames(ctx);
        } catch (RuntimeException e) {
            fail(ctx, e);
        }
    }

    /** Consumes every whole frame in {@link #cumulation}; stops early if a downstream handler removed or failed us. */
    private void readFrames(ChannelHandlerContext ctx) {
        while (cumulation != null && state != State.FAILED && !ctx.isRemoved()) {
            int readable = cumulation.readableBytes();
            if (readable < LENGTH_PREFIX) {
                break;
            }
            int length = cumulation.getUnsignedShort(cumulation.readerIndex());
            if (readable < LENGTH_PREFIX + length) {
                break;
            }
            cumulation.skipBytes(LENGTH_PREFIX);
            if (state == State.HANDSHAKING) {
                readHandshakeMessage(ctx, length);
            } else {
                readTransportMessage(ctx, length);
            }
        }
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                cumulation.release();
                cumulation = null;
            } else {
                cumulation.discardSomeReadBytes();
            }
        }
    }

    private void readHandshakeMessage(ChannelHandlerContext ctx, int length) {
        byte[] message = new byte[length];
        cumulation.readBytes(message);
        handshake.readMessage(message);
        if (handshake.isMyTurn()) {
            writeHandshakeMessage(ctx);
        }
        if (handshake.isComplete()) {
            open(ctx);
        }
    }

    private void readTransportMessage(ChannelHandlerContext ctx, int length) {
        if (length < NoiseCipher.TAG_LENGTH) {
            throw new NoiseException("transport frame of " + length + " bytes is shorter than its tag");
        }
        byte[] in;
        int inOff;
        if (cumulation.hasArray()) {
            in = cumulation.array();
            inOff = cumulation.arrayOffset() + cumulation.readerIndex();
            cumulation.skipBytes(length);
        } else {
            in = SCRATCH.get();
            inOff = 0;
            cumulation.readBytes(in, 0, length);
        }
        int plaintextLength = length - NoiseCipher.TAG_LENGTH;
        ByteBuf out = ctx.alloc().heapBuffer(plaintextLength, plaintextLength);
        try {
            int n = receiver.decrypt(in, inOff, length, out.array(), out.arrayOffset() + out.writerIndex());
            out.writerIndex(out.writerIndex() + n);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        if (plaintextLength == 0) {
            out.release();
            return;
        }
        ctx.fireChannelRead(out);
    }

    private void writeHandshakeMessage(ChannelHandlerContext ctx) {
        byte[] message = handshake.writeMessage();
        ByteBuf out = ctx.alloc().buffer(LENGTH_PREFIX + message.length);
        out.writeShort(message.length).writeBytes(message);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void open(ChannelHandlerContext ctx) {
        NoiseHandshake.Transport transport = handshake.split();
        sender = transport.sender();
        receiver = transport.receiver();
        state = State.OPEN;
        completed = new Completed(handshake.remotePeer(), handshake.remoteKey());
        boolean hadPending = !pending.isEmpty();
        for (PendingWrite w; (w = pending.poll()) != null; ) {
            encryptAndWrite(ctx, w.data(), w.promise());
        }
        if (hadPending) {
            ctx.flush();
        }
        if (state == State.OPEN) {
            ctx.fireUserEventTriggered(completed);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.OPEN) {
            ctx.fireChannelReadComplete();
        } else if (state == State.HANDSHAKING && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new UnsupportedOperationException("NoiseHandler encrypts ByteBufs only, not "
                    + msg.getClass().getName()));
            return;
        }
        switch (state) {
            case HANDSHAKING -> pending.add(new PendingWrite(data, promise));
            case OPEN -> encryptAndWrite(ctx, data, promise);
            default -> {
                data.release();
                promise.tryFailure(new ClosedChannelException());
            }
        }
    }

    /** Writes {@code data} as one buffer of whole frames, so {@code promise} completes when all of them are written. */
    private void encryptAndWrite(ChannelHandlerContext ctx, ByteBuf data, ChannelPromise promise) {
        ByteBuf out = null;
        try {
            int n = data.readableBytes();
            if (n == 0) {
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
                return;
            }
            int frames = (n + NoiseCipher.MAX_PLAINTEXT_LENGTH - 1) / NoiseCipher.MAX_PLAINTEXT_LENGTH;
            int total = n + frames * FRAME_OVERHEAD;
            out = ctx.alloc().heapBuffer(total, total);
            byte[] a = out.array();
            int o = out.arrayOffset() + out.writerIndex();
            while (data.isReadable()) {
                int chunk = Math.min(NoiseCipher.MAX_PLAINTEXT_LENGTH, data.readableBytes());
                int messageLength = chunk + NoiseCipher.TAG_LENGTH;
                a[o] = (byte) (messageLength >>> 8);
                a[o + 1] = (byte) messageLength;
                data.readBytes(a, o + LENGTH_PREFIX, chunk);
                sender.encrypt(a, o + LENGTH_PREFIX, chunk, a, o + LENGTH_PREFIX);
                o += LENGTH_PREFIX + messageLength;
            }
            out.writerIndex(out.writerIndex() + total);
            ByteBuf ready = out;
            out = null;
            ctx.write(ready, promise);
        } catch (RuntimeException e) {
            promise.tryFailure(e);
            fail(ctx, e);
        } finally {
            data.release();
            if (out != null) {
                out.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state == State.HANDSHAKING) {
            fail(ctx, new NoiseHandshakeException("connection closed during the Noise handshake"));
        } else if (state == State.OPEN && cumulation != null && cumulation.isReadable()) {
            fail(ctx, new NoiseException("connection closed inside a Noise frame ("
                    + cumulation.readableBytes() + " bytes of it arrived)"));
        }
        releaseAll(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll(new ClosedChannelException());
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        releaseAll(cause);
        ctx.fireExceptionCaught(cause);
        ctx.close();
    }

    private void releaseAll(Throwable cause) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        for (PendingWrite w; (w = pending.poll()) != null; ) {
            w.data().release();
            w.promise().tryFailure(cause);
        }
    }
}
