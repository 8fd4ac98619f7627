package io.cairn.network.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.network.mux.MuxedConnection;
import io.cairn.network.mux.MuxedStream;
import io.cairn.network.mux.StreamResetException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One Yamux side on an {@link EmbeddedChannel}, driven frame by frame as a remote would: the protocol rules (SYN/ACK,
 * windows, limits, ping, go-away, protocol errors) checked against the frames the handler writes.
 */
@Timeout(30)
class YamuxHandlerTest {
    private static final int W = YamuxConfig.PROTOCOL_INITIAL_WINDOW;

    private EmbeddedChannel ch;
    private YamuxHandler handler;
    private final List<MuxedStream> accepted = new ArrayList<>();
    private final ByteBuf outCumulation = Unpooled.buffer();

    @AfterEach
    void tearDown() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
        outCumulation.release();
    }

    private MuxedConnection start(boolean initiator, YamuxConfig config) {
        handler = new YamuxHandler(initiator, config);
        handler.connection().acceptStreams(accepted::add);
        ch = new EmbeddedChannel(handler);
        // the handler measures the RTT with a ping at start; answer it so it does not linger
        List<YamuxFrame> first = out();
        assertEquals(1, first.size(), first.toString());
        YamuxFrame ping = first.get(0);
        assertEquals(YamuxFrame.Type.PING, ping.type());
        assertTrue(ping.has(YamuxFrame.SYN));
        in(YamuxFrame.ping(YamuxFrame.ACK, ping.length()));
        return handler.connection();
    }

    private MuxedConnection start(boolean initiator) {
        return start(initiator, YamuxConfig.defaults());
    }

    /** Runs queued tasks and decodes everything the handler wrote since the last call. */
    private List<YamuxFrame> out() {
        ch.runPendingTasks();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            try {
                outCumulation.writeBytes(b);
            } finally {
                b.release();
            }
        }
        List<YamuxFrame> frames = new ArrayList<>();
        for (YamuxFrame f; (f = YamuxFrameCodec.decode(outCumulation, 64 * 1024 * 1024)) != null; ) {
            frames.add(f);
        }
        outCumulation.discardReadBytes();
        return frames;
    }

    private void in(YamuxFrame... frames) {
        ByteBuf buf = Unpooled.buffer();
        for (YamuxFrame f : frames) {
            YamuxFrameCodec.encode(f, buf);
        }
        ch.writeInbound(buf);
        ch.runPendingTasks();
    }

    private <T> T done(CompletableFuture<T> f) throws Exception {
        ch.runPendingTasks();
        assertTrue(f.isDone(), "future not complete");
        return f.get();
    }

    private Throwable failure(CompletableFuture<?> f) {
        ch.runPendingTasks();
        assertTrue(f.isDone(), "future not complete");
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("future succeeded");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int dataBytes(List<YamuxFrame> frames, int streamId) {
        return frames.stream().filter(f -> f.type() == YamuxFrame.Type.DATA && f.streamId() == streamId)
                .mapToInt(f -> f.body().length).sum();
    }

    @Test
    void pingIsAnsweredWithAckEchoingTheOpaqueValue() {
        start(false);
        in(YamuxFrame.ping(YamuxFrame.SYN, 0xCAFEBABE));
        assertEquals(List.of(YamuxFrame.ping(YamuxFrame.ACK, 0xCAFEBABE)), out());
    }

    @Test
    void ourPingCompletesWithTheRoundTripWhenAnswered() throws Exception {
        start(true);
        CompletableFuture<java.time.Duration> rtt = handler.ping();
        List<YamuxFrame> sent = out();
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).has(YamuxFrame.SYN));
        assertFalse(rtt.isDone());
        in(YamuxFrame.ping(YamuxFrame.ACK, sent.get(0).length()));
        assertTrue(done(rtt).toNanos() > 0);
    }

    @Test
    void inboundSynIsAcceptedAckedAndCarriesDataThenFin() throws Exception {
        start(false);
        in(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 0)), out());
        assertEquals(1, accepted.size());
        MuxedStream s = accepted.get(0);
        assertEquals(1, s.id());
        assertFalse(s.isInitiator());
        in(YamuxFrame.data(1, 0, bytes("hello")), YamuxFrame.data(1, YamuxFrame.FIN, new byte[0]));
        assertArrayEquals(bytes("hello"), done(s.read()));
        assertArrayEquals(new byte[0], done(s.read()));
        assertFalse(s.closeFuture().isDone(), "our write side is still open");
        s.closeWrite();
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.FIN, 0)), out());
        assertTrue(s.closeFuture().isDone());
    }

    @Test
    void synMayRideOnADataFrameAndFramesMayArriveByteByByte() throws Exception {
        start(false);
        ByteBuf wire = Unpooled.buffer();
        YamuxFrameCodec.encode(YamuxFrame.data(3, YamuxFrame.SYN, bytes("first")), wire);
        YamuxFrameCodec.encode(YamuxFrame.data(3, 0, bytes("second")), wire);
        try {
            while (wire.isReadable()) {
                ch.writeInbound(wire.readRetainedSlice(1));
            }
        } finally {
            wire.release();
        }
        assertEquals(1, accepted.size());
        MuxedStream s = accepted.get(0);
        assertArrayEquals(bytes("first"), done(s.read()));
        assertArrayEquals(bytes("second"), done(s.read()));
        CompletableFuture<byte[]> pending = s.read();
        ch.runPendingTasks();
        assertFalse(pending.isDone());
    }

    @Test
    void synsPastTheInboundLimitAreReset() {
        start(false, YamuxConfig.builder().maxInboundStreams(4).build());
        for (int id = 1; id <= 19; id += 2) {
            in(YamuxFrame.windowUpdate(id, YamuxFrame.SYN, 0));
        }
        List<YamuxFrame> replies = out();
        assertEquals(10, replies.size());
        for (int i = 0; i < 10; i++) {
            int expectedFlag = i < 4 ? YamuxFrame.ACK : YamuxFrame.RST;
            assertEquals(YamuxFrame.windowUpdate(2 * i + 1, expectedFlag, 0), replies.get(i));
        }
        assertEquals(4, accepted.size());
        // a finished stream frees its slot
        in(YamuxFrame.windowUpdate(1, YamuxFrame.RST, 0));
        in(YamuxFrame.windowUpdate(21, YamuxFrame.SYN, 0));
        assertEquals(List.of(YamuxFrame.windowUpdate(21, YamuxFrame.ACK, 0)), out());
        assertTrue(ch.isOpen());
    }

    @Test
    void synsPastTheTotalStreamLimitAreReset() throws Exception {
        MuxedConnection c = start(true, YamuxConfig.builder().maxStreams(2).build());
        done(c.openStream());
        in(YamuxFrame.windowUpdate(2, YamuxFrame.SYN, 0));
        in(YamuxFrame.windowUpdate(4, YamuxFrame.SYN, 0));
        List<YamuxFrame> frames = out();
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0),
                YamuxFrame.windowUpdate(2, YamuxFrame.ACK, 0), YamuxFrame.windowUpdate(4, YamuxFrame.RST, 0)), frames);
        assertInstanceOf(StreamResetException.class, failure(c.openStream()));
    }

    @Test
    void withoutAnAcceptorInboundStreamsAreReset() {
        handler = new YamuxHandler(false, YamuxConfig.defaults());
        ch = new EmbeddedChannel(handler);
        out();
        in(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.RST, 0)), out());
    }

    @Test
    void dataPastTheReceiveWindowIsAProtocolError() throws Exception {
        start(false);
        in(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
        MuxedStream s = accepted.get(0);
        CompletableFuture<byte[]> read = s.read();
        out();
        // the reader took the first frame, but its credit has not been sent back yet (less than half a window)
        in(YamuxFrame.data(1, 0, new byte[1000]));
        assertEquals(1000, done(read).length);
        in(YamuxFrame.data(1, 0, new byte[W - 1000]));
        assertTrue(ch.isOpen());
        in(YamuxFrame.data(1, 0, new byte[1]));
        List<YamuxFrame> frames = out();
        assertEquals(List.of(YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)), frames);
        assertFalse(ch.isOpen());
        assertInstanceOf(StreamResetException.class, failure(s.read()));
        assertTrue(handler.connection().closeFuture().isDone());
    }

    @Test
    void garbageGetsGoAwayWithProtocolErrorAndTheChannelCloses() {
        start(false);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 1, 2, 3}));
        assertEquals(List.of(YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)), out());
        assertFalse(ch.isOpen());
        assertFalse(handler.connection().isOpen());
    }

    @Test
    void aSynWithTheWrongParityOrOnAnOpenStreamIsAProtocolError() {
        start(false);
        in(YamuxFrame.windowUpdate(2, YamuxFrame.SYN, 0));
        assertEquals(List.of(YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)), out());
        assertFalse(ch.isOpen());
    }

    @Test
    void aDuplicateSynIsAProtocolError() {
        start(false);
        in(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0), YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 0),
                YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)), out());
        assertFalse(ch.isOpen());
    }

    @Test
    void goAwayFromTheRemoteStopsNewStreamsButNotOpenOnes() throws Exception {
        MuxedConnection c = start(true);
        MuxedStream s = done(c.openStream());
        out();
        in(YamuxFrame.goAway(YamuxFrame.GO_AWAY_NORMAL));
        assertFalse(c.isOpen());
        assertInstanceOf(StreamResetException.class, failure(c.openStream()));
        CompletableFuture<Void> w = s.write(bytes("still here"));
        assertEquals(List.of(YamuxFrame.data(1, 0, bytes("still here"))), out());
        done(w);
        assertTrue(ch.isOpen());
    }

    @Test
    void writesStopAtTheRemoteWindowAndResumeOnALargerUpdate() throws Exception {
        MuxedConnection c = start(true, YamuxConfig.builder().maxFrameSize(16 * 1024).build());
        MuxedStream s = done(c.openStream());
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0)), out());
        byte[] payload = new byte[1024 * 1024];
        new java.util.Random(1).nextBytes(payload);
        CompletableFuture<Void> w = s.write(payload);
        List<YamuxFrame> first = out();
        assertEquals(W, dataBytes(first, 1));
        assertTrue(first.stream().allMatch(f -> f.body().length <= 16 * 1024));
        assertFalse(w.isDone());
        // the remote acks and raises our window past 256 KiB in one update
        in(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, payload.length));
        List<YamuxFrame> rest = out();
        assertEquals(payload.length - W, dataBytes(rest, 1));
        done(w);
        ByteBuf all = Unpooled.buffer();
        try {
            for (YamuxFrame f : first) {
                all.writeBytes(f.body());
            }
            for (YamuxFrame f : rest) {
                all.writeBytes(f.body());
            }
            assertArrayEquals(payload, io.netty.buffer.ByteBufUtil.getBytes(all));
        } finally {
            all.release();
        }
    }

    @Test
    void closeWriteSendsFinAfterPendingWritesOnTheLastFrame() throws Exception {
        MuxedConnection c = start(true);
        MuxedStream s = done(c.openStream());
        out();
        CompletableFuture<Void> w = s.write(new byte[W + 100]);
        s.closeWrite();
        List<YamuxFrame> first = out();
        assertTrue(first.stream().noneMatch(f -> f.has(YamuxFrame.FIN)), "FIN before pending data");
        assertInstanceOf(IllegalStateException.class, failure(s.write(new byte[1])));
        in(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 1000));
        List<YamuxFrame> rest = out();
        assertEquals(1, rest.size());
        assertEquals(YamuxFrame.Type.DATA, rest.get(0).type());
        assertEquals(100, rest.get(0).body().length);
        assertTrue(rest.get(0).has(YamuxFrame.FIN));
        done(w);
        assertFalse(s.closeFuture().isDone());
        in(YamuxFrame.windowUpdate(1, YamuxFrame.FIN, 0));
        assertTrue(s.closeFuture().isDone());
        assertArrayEquals(new byte[0], done(s.read()));
    }

    @Test
    void resetSendsRstAndFailsPendingAndLaterOperations() throws Exception {
        MuxedConnection c = start(true);
        MuxedStream s = done(c.openStream());
        CompletableFuture<Void> blocked = s.write(new byte[W + 1]);
        CompletableFuture<byte[]> read = s.read();
        out();
        s.reset();
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.RST, 0)), out());
        assertInstanceOf(StreamResetException.class, failure(blocked));
        assertInstanceOf(StreamResetException.class, failure(read));
        assertInstanceOf(StreamResetException.class, failure(s.write(new byte[1])));
        assertTrue(s.closeFuture().isDone());
        // frames the remote sent before seeing the RST are dropped quietly
        in(YamuxFrame.data(1, 0, new byte[10]));
        assertTrue(out().isEmpty());
        assertTrue(ch.isOpen());
    }

    @Test
    void aRemoteResetFailsThePendingRead() {
        start(false);
        in(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
        MuxedStream s = accepted.get(0);
        CompletableFuture<byte[]> read = s.read();
        ch.runPendingTasks();
        in(YamuxFrame.windowUpdate(1, YamuxFrame.RST, 0));
        assertInstanceOf(StreamResetException.class, failure(read));
        assertTrue(s.closeFuture().isDone());
    }

    @Test
    void theWindowIsCreditedOnlyForBytesHandedOut() throws Exception {
        start(false);
        in(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
        MuxedStream s = accepted.get(0);
        out();
        for (int i = 0; i < 4; i++) {
            in(YamuxFrame.data(1, 0, new byte[W / 4]));
        }
        assertTrue(out().isEmpty(), "no credit before the reader takes anything");
        assertEquals(W, ((YamuxStream) s).bufferedBytes());
        done(s.read());
        assertTrue(out().isEmpty(), "a quarter window is not worth an update");
        done(s.read());
        List<YamuxFrame> update = out();
        assertEquals(1, update.size());
        assertEquals(YamuxFrame.Type.WINDOW_UPDATE, update.get(0).type());
        // at least what was read; more only if the window grew, and never past the maximum
        long delta = Integer.toUnsignedLong(update.get(0).length());
        assertTrue(delta >= W / 2 && delta <= W / 2 + (long) ((YamuxStream) s).recvWindow() - W, "delta " + delta);
    }

    @Test
    void outboundOpensPastTheUnackedLimitWaitForAnAck() throws Exception {
        MuxedConnection c = start(true, YamuxConfig.builder().maxUnackedOutboundStreams(2).build());
        CompletableFuture<MuxedStream> a = c.openStream();
        CompletableFuture<MuxedStream> b = c.openStream();
        CompletableFuture<MuxedStream> third = c.openStream();
        assertEquals(2, out().size());
        assertFalse(third.isDone());
        in(YamuxFrame.windowUpdate(done(a).id(), YamuxFrame.ACK, 0));
        assertEquals(List.of(YamuxFrame.windowUpdate(5, YamuxFrame.SYN, 0)), out());
        assertEquals(5, done(third).id());
        assertEquals(3, done(b).id());
    }

    @Test
    void aLargerInitialWindowIsAnnouncedOnSynAndAck() throws Exception {
        MuxedConnection c = start(true, YamuxConfig.builder().initialStreamWindow(1024 * 1024).build());
        done(c.openStream());
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 1024 * 1024 - W)), out());
        in(YamuxFrame.windowUpdate(2, YamuxFrame.SYN, 0));
        assertEquals(List.of(YamuxFrame.windowUpdate(2, YamuxFrame.ACK, 1024 * 1024 - W)), out());
        // and the remote may now send the whole larger window unread
        in(YamuxFrame.data(2, 0, new byte[1024 * 1024]));
        assertTrue(ch.isOpen());
    }

    @Test
    void closeSendsGoAwayResetsStreamsAndClosesTheChannel() throws Exception {
        MuxedConnection c = start(true);
        MuxedStream s = done(c.openStream());
        CompletableFuture<byte[]> read = s.read();
        out();
        c.close();
        assertEquals(List.of(YamuxFrame.goAway(YamuxFrame.GO_AWAY_NORMAL)), out());
        assertInstanceOf(StreamResetException.class, failure(read));
        assertFalse(ch.isOpen());
        assertTrue(c.closeFuture().isDone());
        assertInstanceOf(StreamResetException.class, failure(c.openStream()));
        c.close();
    }
}
