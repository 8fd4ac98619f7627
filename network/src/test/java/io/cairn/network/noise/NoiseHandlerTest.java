package io.cairn.network.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.Ed25519KeyPair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseHandlerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519KeyPair alice = Ed25519KeyPair.generate(RANDOM);
    private final Ed25519KeyPair bob = Ed25519KeyPair.generate(RANDOM);

    @Test
    void handshakeCompletesAndBothSidesLearnThePeer() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, bob.peerId())) {
            p.pump();
            NoiseHandler.Completed ic = p.initiatorSeen.completed();
            NoiseHandler.Completed rc = p.responderSeen.completed();
            assertNotNull(ic);
            assertNotNull(rc);
            assertEquals(bob.peerId(), ic.remotePeer());
            assertEquals(bob.publicKey(), ic.remoteKey());
            assertEquals(alice.peerId(), rc.remotePeer());
            assertEquals(alice.publicKey(), rc.remoteKey());
            assertEquals(ic, p.initiator.pipeline().get(NoiseHandler.class).completed());
            assertTrue(p.initiatorSeen.errors.isEmpty() && p.responderSeen.errors.isEmpty());
        }
    }

    @Test
    void tenMebibytesEachWayArriveIntactInFramesOfAtMost65535() {
        Random r = new Random(42);
        byte[] fromAlice = new byte[10 << 20];
        byte[] fromBob = new byte[10 << 20];
        r.nextBytes(fromAlice);
        r.nextBytes(fromBob);
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, bob.peerId())) {
            p.pump();
            List<ChannelFuture> writes = new ArrayList<>();
            writes.addAll(writeInPieces(p.initiator, fromAlice, r));
            writes.addAll(writeInPieces(p.responder, fromBob, r));
            p.noteFrames(p.initiator);
            p.noteFrames(p.responder);
            p.pump(r);
            assertTrue(p.largestFrame <= 2 + 65535, "largest frame " + p.largestFrame);
            assertEquals(2 + 65535, p.largestFrame, "large writes fill frames to the maximum");
            assertArrayEquals(fromAlice, p.responderSeen.plaintext.toByteArray());
            assertArrayEquals(fromBob, p.initiatorSeen.plaintext.toByteArray());
            for (ChannelFuture f : writes) {
                assertTrue(f.isSuccess(), "write promise completed");
            }
            assertTrue(p.initiatorSeen.errors.isEmpty() && p.responderSeen.errors.isEmpty());
        }
    }

    private static List<ChannelFuture> writeInPieces(EmbeddedChannel ch, byte[] data, Random r) {
        List<ChannelFuture> futures = new ArrayList<>();
        int o = 0;
        while (o < data.length) {
            int n = Math.min(data.length - o, r.nextInt(4) == 0 ? 1 + r.nextInt(100) : 1 + r.nextInt(300_000));
            futures.add(ch.write(Unpooled.wrappedBuffer(data, o, n)));
            o += n;
        }
        ch.flush();
        return futures;
    }

    @Test
    void writesBeforeTheHandshakeWaitAndDataInTheSameReadAsTheLastHandshakeMessageIsKept() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            byte[] early = "written before the handshake finished".getBytes(StandardCharsets.UTF_8);
            ChannelFuture f = p.initiator.writeAndFlush(Unpooled.wrappedBuffer(early));
            assertFalse(f.isDone(), "held back until the handshake completes");
            // Message 1 to the responder, message 2 back: the initiator then writes message 3 and the held data.
            p.responder.writeInbound((ByteBuf) p.initiator.readOutbound());
            p.initiator.writeInbound((ByteBuf) p.responder.readOutbound());
            assertTrue(f.isSuccess());
            assertNotNull(p.initiatorSeen.completed());
            // Deliver message 3 and the first data frame as one buffer, as one TCP read would.
            ByteBuf m3 = p.initiator.readOutbound();
            ByteBuf data = p.initiator.readOutbound();
            ByteBuf joined = Unpooled.wrappedBuffer(m3, data);
            assertNull(p.initiator.readOutbound());
            p.responder.writeInbound(joined);
            assertNotNull(p.responderSeen.completed());
            assertArrayEquals(early, p.responderSeen.plaintext.toByteArray());
        }
    }

    @Test
    void completedEventPrecedesTheFirstPlaintext() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            List<String> order = new ArrayList<>();
            p.responder.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                    order.add("completed");
                }
            });
            p.responder.pipeline().addBefore(p.responder.pipeline().names().get(1), "order",
                    new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                            order.add("data");
                            ctx.fireChannelRead(msg);
                        }

                        @Override
                        public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                            order.add("event");
                            ctx.fireUserEventTriggered(evt);
                        }
                    });
            p.initiator.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
            p.pump(new Random(1));
            assertEquals("event", order.get(0));
            assertTrue(order.contains("data"));
        }
    }

    @Test
    void wrongExpectedPeerFailsTheInitiatorAndClosesIt() {
        Ed25519KeyPair carol = Ed25519KeyPair.generate(RANDOM);
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, carol.peerId())) {
            ChannelFuture early = p.initiator.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {9}));
            p.pump();
            assertEquals(1, p.initiatorSeen.errors.size());
            assertInstanceOf(NoiseHandshakeException.class, p.initiatorSeen.errors.get(0));
            assertFalse(p.initiator.isOpen());
            assertNull(p.initiatorSeen.completed());
            assertNull(p.responderSeen.completed(), "the responder never got message 3");
            assertTrue(early.isDone() && !early.isSuccess(), "held writes fail with the handshake");
        }
    }

    @Test
    void tamperedCiphertextFailsWithNoiseExceptionAndCloses() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            p.pump();
            p.initiator.writeAndFlush(Unpooled.wrappedBuffer(new byte[1000]));
            p.initiator.writeAndFlush(Unpooled.wrappedBuffer(new byte[1000]));
            ByteBuf first = p.initiator.readOutbound();
            ByteBuf second = p.initiator.readOutbound();
            first.setByte(first.readerIndex() + 500, first.getByte(first.readerIndex() + 500) ^ 0x40);
            // Both frames in one read: the intact second one must not be decrypted after the first failed.
            p.responder.writeInbound(Unpooled.wrappedBuffer(first, second));
            assertEquals(1, p.responderSeen.errors.size());
            assertInstanceOf(NoiseException.class, p.responderSeen.errors.get(0));
            assertFalse(p.responder.isOpen());
            assertEquals(0, p.responderSeen.plaintext.size());
        }
    }

    @Test
    void replayedFrameFails() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            p.pump();
            p.initiator.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
            ByteBuf frame = p.initiator.readOutbound();
            p.responder.writeInbound(frame.retainedDuplicate());
            p.responder.writeInbound(frame);
            assertEquals(10, p.responderSeen.plaintext.size());
            assertInstanceOf(NoiseException.class, p.responderSeen.errors.get(0));
        }
    }

    @Test
    void garbageInsteadOfAHandshakeFailsWithTheTypedExceptionOnly() {
        Random r = new Random(7);
        for (int round = 0; round < 50; round++) {
            EmbeddedChannel responderChannel = recording(new NoiseHandler(false, bob, null));
            NoiseChannelPair.Recorder seen = responderChannel.pipeline().get(NoiseChannelPair.Recorder.class);
            byte[] garbage = new byte[2 + r.nextInt(200)];
            r.nextBytes(garbage);
            int len = garbage.length - 2;
            garbage[0] = (byte) (len >> 8);
            garbage[1] = (byte) len;
            responderChannel.writeInbound(Unpooled.wrappedBuffer(garbage));
            if (!seen.errors.isEmpty()) {
                assertInstanceOf(NoiseHandshakeException.class, seen.errors.get(0));
                assertFalse(responderChannel.isOpen());
            } else {
                // 32+ random bytes are a well-formed message 1; the responder answered and waits for message 3.
                assertTrue(len >= 32);
                ByteBuf reply = responderChannel.readOutbound();
                assertNotNull(reply);
                reply.release();
            }
            responderChannel.finishAndReleaseAll();
        }
    }

    @Test
    void connectionClosedMidHandshakeOrMidFrameFailsWithTheTypedException() {
        EmbeddedChannel ch = recording(new NoiseHandler(false, bob, null));
        NoiseChannelPair.Recorder seen = ch.pipeline().get(NoiseChannelPair.Recorder.class);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 32, 1, 2, 3}));
        ch.close();
        assertEquals(1, seen.errors.size());
        assertInstanceOf(NoiseHandshakeException.class, seen.errors.get(0));
        ch.finishAndReleaseAll();

        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            p.pump();
            p.initiator.writeAndFlush(Unpooled.wrappedBuffer(new byte[100]));
            ByteBuf frame = p.initiator.readOutbound();
            p.responder.writeInbound(frame.readRetainedSlice(50));
            frame.release();
            assertTrue(p.responderSeen.errors.isEmpty(), "half a frame just waits");
            p.responder.close();
            assertEquals(1, p.responderSeen.errors.size());
            assertInstanceOf(NoiseException.class, p.responderSeen.errors.get(0));
        }
    }

    @Test
    void shortTransportFrameFails() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            p.pump();
            p.responder.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 15, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15}));
            assertInstanceOf(NoiseException.class, p.responderSeen.errors.get(0));
            assertFalse(p.responder.isOpen());
        }
    }

    @Test
    void nonBufferWritesAreRefusedNotSentInTheClear() {
        try (NoiseChannelPair p = new NoiseChannelPair(alice, bob, null)) {
            p.pump();
            ChannelFuture f = p.initiator.writeAndFlush("plain text");
            assertFalse(f.isSuccess());
            assertInstanceOf(UnsupportedOperationException.class, f.cause());
            assertNull(p.initiator.readOutbound());
        }
    }

    @Test
    void addedToAnActiveChannelTheInitiatorStartsAtOnce() {
        // As after multistream-select: the channel is long active when the handler arrives.
        EmbeddedChannel dialer = new EmbeddedChannel();
        EmbeddedChannel listener = new EmbeddedChannel();
        try {
            NoiseChannelPair.Recorder dialerSeen = new NoiseChannelPair.Recorder();
            NoiseChannelPair.Recorder listenerSeen = new NoiseChannelPair.Recorder();
            dialer.pipeline().addLast(new NoiseHandler(true, alice, bob.peerId()), dialerSeen);
            listener.pipeline().addLast(new NoiseHandler(false, bob, null), listenerSeen);
            ByteBuf m1 = dialer.readOutbound();
            assertNotNull(m1, "message 1 written from handlerAdded");
            assertEquals(32, m1.getUnsignedShort(m1.readerIndex()));
            listener.writeInbound(m1);
            dialer.writeInbound((ByteBuf) listener.readOutbound());
            listener.writeInbound((ByteBuf) dialer.readOutbound());
            assertEquals(bob.peerId(), dialerSeen.completed().remotePeer());
            assertEquals(alice.peerId(), listenerSeen.completed().remotePeer());
        } finally {
            dialer.finishAndReleaseAll();
            listener.finishAndReleaseAll();
        }
    }

    static EmbeddedChannel recording(NoiseHandler handler) {
        return new EmbeddedChannel(handler, new NoiseChannelPair.Recorder());
    }
}
