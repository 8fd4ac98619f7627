package io.cairn.network.noise;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Two EmbeddedChannels with a NoiseHandler each, and a pump that carries the bytes one writes to the other. */
final class NoiseChannelPair implements AutoCloseable {
    /** Sits after the NoiseHandler and keeps what it emits; it releases every buffer it is given. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        final List<Object> events = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        int reads;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                reads++;
                b.readBytes(plaintext, b.readableBytes());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                b.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }

        NoiseHandler.Completed completed() {
            return events.stream().filter(e -> e instanceof NoiseHandler.Completed)
                    .map(e -> (NoiseHandler.Completed) e).findFirst().orElse(null);
        }
    }

    final Ed25519KeyPair initiatorKey;
    final Ed25519KeyPair responderKey;
    final EmbeddedChannel initiator;
    final EmbeddedChannel responder;
    final Recorder initiatorSeen = new Recorder();
    final Recorder responderSeen = new Recorder();
    /** Largest frame (with its length prefix) either side wrote. */
    int largestFrame;

    NoiseChannelPair(Ed25519KeyPair initiatorKey, Ed25519KeyPair responderKey, PeerId initiatorExpects) {
        this.initiatorKey = initiatorKey;
        this.responderKey = responderKey;
        this.responder = new EmbeddedChannel(new NoiseHandler(false, responderKey, null), responderSeen);
        this.initiator = new EmbeddedChannel(new NoiseHandler(true, initiatorKey, initiatorExpects), initiatorSeen);
    }

    /** Carries bytes both ways until neither side has anything left to send. */
    void pump() {
        pump(null);
    }

    /**
     * As {@link #pump()}, but when {@code split} is given the bytes of each direction are first joined into one
     * buffer and then delivered in random pieces, so frames arrive coalesced and torn.
     */
    void pump(Random split) {
        boolean moved = true;
        while (moved) {
            moved = carry(initiator, responder, split) | carry(responder, initiator, split);
        }
    }

    private boolean carry(EmbeddedChannel from, EmbeddedChannel to, Random split) {
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            out.add(b);
        }
        if (out.isEmpty()) {
            return false;
        }
        if (split == null) {
            for (ByteBuf b : out) {
                if (to.isOpen()) {
                    to.writeInbound(b);
                } else {
                    b.release();
                }
            }
            return true;
        }
        ByteBuf all = Unpooled.wrappedBuffer(out.toArray(new ByteBuf[0]));
        try {
            while (all.isReadable() && to.isOpen()) {
                int n = Math.min(all.readableBytes(), 1 + split.nextInt(3 * 65536));
                to.writeInbound(all.readRetainedSlice(n));
            }
        } finally {
            all.release();
        }
        return true;
    }

    /** Records frame sizes of everything {@code from} has written, without consuming it. */
    void noteFrames(EmbeddedChannel from) {
        for (Object o : from.outboundMessages()) {
            ByteBuf b = ((ByteBuf) o).duplicate();
            while (b.readableBytes() >= 2) {
                int len = b.readUnsignedShort();
                largestFrame = Math.max(largestFrame, 2 + len);
                b.skipBytes(Math.min(len, b.readableBytes()));
            }
        }
    }

    @Override
    public void close() {
        initiator.finishAndReleaseAll();
        responder.finishAndReleaseAll();
    }
}
