package io.cairn.network.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.network.mux.MuxedStream;
import io.cairn.network.mux.StreamResetException;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two Yamux sessions talking over real loopback TCP: whole conversations, bulk data, back-pressure. */
@Timeout(120)
class YamuxSessionTest {
    private static final long T = 60;
    private YamuxLoopback pair;

    @AfterEach
    void tearDown() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable cause(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(T, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void openAcceptAndEcho() throws Exception {
        pair = new YamuxLoopback(YamuxConfig.defaults(), YamuxLoopback::echo);
        MuxedStream s = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        assertTrue(s.isInitiator());
        assertEquals(1, s.id() % 2, "the dialer opens odd streams");
        CompletableFuture<byte[]> back = YamuxLoopback.readAll(s, () -> { });
        YamuxLoopback.writeAll(s, utf8("hello yamux"), 4).get(T, TimeUnit.SECONDS);
        assertArrayEquals(utf8("hello yamux"), back.get(T, TimeUnit.SECONDS));
        s.closeFuture().get(T, TimeUnit.SECONDS);
    }

    @Test
    void aHundredConcurrentStreamsEachEchoOneMebibyteIntact() throws Exception {
        pair = new YamuxLoopback(YamuxConfig.defaults(), YamuxLoopback::echo);
        List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] data = random(1024 * 1024, i);
            sent.add(data);
            MuxedStream s = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
            echoes.add(YamuxLoopback.readAll(s, () -> { }));
            YamuxLoopback.writeAll(s, data, 50_000 + i);
        }
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(sent.get(i), echoes.get(i).get(T, TimeUnit.SECONDS), "stream " + i);
        }
    }

    @Test
    void sixtyFourMebibytesOnOneStreamArriveIntactWithBoundedBuffering() throws Exception {
        LinkedBlockingQueue<MuxedStream> inbound = new LinkedBlockingQueue<>();
        YamuxConfig config = YamuxConfig.defaults();
        pair = new YamuxLoopback(config, inbound::add);
        MuxedStream out = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        byte[] data = random(64 * 1024 * 1024, 64);
        AtomicLong written = new AtomicLong();
        AtomicLong maxOutboundPending = new AtomicLong();
        CompletableFuture<Void> writer = new CompletableFuture<>();
        writeCounting(pair.clientChannel, out, data, 256 * 1024, 0, written, maxOutboundPending, writer);

        MuxedStream in = inbound.poll(T, TimeUnit.SECONDS);
        // the reader has not started: the writer must stall at the initial window, not queue the rest
        Thread.sleep(300);
        assertFalse(writer.isDone());
        assertTrue(written.get() <= YamuxConfig.PROTOCOL_INITIAL_WINDOW + 256 * 1024, "written " + written);
        assertTrue(((YamuxStream) in).bufferedBytes() <= YamuxConfig.PROTOCOL_INITIAL_WINDOW);

        AtomicLong maxBuffered = new AtomicLong();
        YamuxStream receiver = (YamuxStream) in;
        byte[] got = YamuxLoopback.readAll(in, () -> maxBuffered.accumulateAndGet(receiver.bufferedBytes(), Math::max))
                .get(T, TimeUnit.SECONDS);
        writer.get(T, TimeUnit.SECONDS);
        assertArrayEquals(data, got);
        assertTrue(maxBuffered.get() <= receiver.recvWindow(), "buffered " + maxBuffered);
        assertTrue(receiver.recvWindow() <= config.maxStreamWindow());
        // the writer only writes while the channel is writable: about one frame past the high-water mark at most
        long bound = pair.clientChannel.config().getWriteBufferHighWaterMark() + config.maxFrameSize() + 4096;
        assertTrue(maxOutboundPending.get() <= bound, "outbound pending " + maxOutboundPending + " > " + bound);
    }

    /** Like {@link YamuxLoopback#writeAll}, recording progress and the channel's pending outbound bytes. */
    private static void writeCounting(Channel ch, MuxedStream s, byte[] data, int chunk, int offset,
                                      AtomicLong written, AtomicLong maxPending, CompletableFuture<Void> done) {
        if (offset >= data.length) {
            s.closeWrite();
            done.complete(null);
            return;
        }
        int end = Math.min(data.length, offset + chunk);
        s.write(java.util.Arrays.copyOfRange(data, offset, end)).whenComplete((v, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
                return;
            }
            written.set(end);
            // runs on the channel's event loop, where its outbound buffer may be read
            maxPending.accumulateAndGet(ch.unsafe().outboundBuffer().totalPendingWriteBytes(), Math::max);
            writeCounting(ch, s, data, chunk, end, written, maxPending, done);
        });
    }

    @Test
    void aFastReaderGrowsTheReceiveWindowPastTheInitialOne() throws Exception {
        LinkedBlockingQueue<MuxedStream> inbound = new LinkedBlockingQueue<>();
        pair = new YamuxLoopback(YamuxConfig.defaults(), inbound::add);
        MuxedStream out = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        CompletableFuture<Void> w = YamuxLoopback.writeAll(out, random(32 * 1024 * 1024, 3), 1024 * 1024);
        MuxedStream in = inbound.poll(T, TimeUnit.SECONDS);
        YamuxLoopback.readAll(in, () -> { }).get(T, TimeUnit.SECONDS);
        w.get(T, TimeUnit.SECONDS);
        int window = ((YamuxStream) in).recvWindow();
        assertTrue(window > YamuxConfig.PROTOCOL_INITIAL_WINDOW, "window stayed at " + window);
        assertTrue(window <= YamuxConfig.defaults().maxStreamWindow());
    }

    @Test
    void halfCloseLetsEachSideFinishItsOwnDirection() throws Exception {
        pair = new YamuxLoopback(YamuxConfig.defaults(), s -> YamuxLoopback.readAll(s, () -> { })
                .thenAccept(req -> YamuxLoopback.writeAll(s, utf8("got " + new String(req, StandardCharsets.UTF_8)),
                        3)));
        MuxedStream s = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        s.write(utf8("request")).get(T, TimeUnit.SECONDS);
        s.closeWrite();
        assertInstanceOf(IllegalStateException.class, cause(s.write(utf8("late"))));
        // the server answers only after it saw our end of stream, and our read side stays open until then
        assertArrayEquals(utf8("got request"), YamuxLoopback.readAll(s, () -> { }).get(T, TimeUnit.SECONDS));
        s.closeFuture().get(T, TimeUnit.SECONDS);
    }

    @Test
    void aResetByTheOpenerFailsTheAcceptorsOperations() throws Exception {
        LinkedBlockingQueue<MuxedStream> inbound = new LinkedBlockingQueue<>();
        pair = new YamuxLoopback(YamuxConfig.defaults(), inbound::add);
        MuxedStream s = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        s.write(utf8("x")).get(T, TimeUnit.SECONDS);
        MuxedStream remote = inbound.poll(T, TimeUnit.SECONDS);
        assertArrayEquals(utf8("x"), remote.read().get(T, TimeUnit.SECONDS));
        CompletableFuture<byte[]> pending = remote.read();
        s.reset();
        assertInstanceOf(StreamResetException.class, cause(pending));
        assertInstanceOf(StreamResetException.class, cause(remote.write(utf8("y"))));
        remote.closeFuture().get(T, TimeUnit.SECONDS);
        s.closeFuture().get(T, TimeUnit.SECONDS);
        assertInstanceOf(StreamResetException.class, cause(s.read()));
    }

    @Test
    void aResetByTheAcceptorFailsTheOpenersOperations() throws Exception {
        pair = new YamuxLoopback(YamuxConfig.defaults(), s -> s.read().thenRun(s::reset));
        MuxedStream s = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        CompletableFuture<byte[]> pending = s.read();
        s.write(utf8("please reset")).get(T, TimeUnit.SECONDS);
        assertInstanceOf(StreamResetException.class, cause(pending));
        s.closeFuture().get(T, TimeUnit.SECONDS);
        // a large write cannot complete past the window once the remote is gone
        assertInstanceOf(StreamResetException.class, cause(s.write(new byte[1024 * 1024])));
    }

    @Test
    void pingMeasuresTheRoundTrip() throws Exception {
        pair = new YamuxLoopback(YamuxConfig.defaults(), MuxedStream::reset);
        Duration rtt = pair.client.ping().get(T, TimeUnit.SECONDS);
        assertTrue(rtt.toNanos() > 0 && rtt.toSeconds() < T);
        assertTrue(pair.server.ping().get(T, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void closingTheConnectionResetsStreamsOnBothSides() throws Exception {
        LinkedBlockingQueue<MuxedStream> inbound = new LinkedBlockingQueue<>();
        pair = new YamuxLoopback(YamuxConfig.defaults(), inbound::add);
        MuxedStream s = pair.clientConnection().openStream().get(T, TimeUnit.SECONDS);
        s.write(utf8("hi")).get(T, TimeUnit.SECONDS);
        MuxedStream remote = inbound.poll(T, TimeUnit.SECONDS);
        remote.read().get(T, TimeUnit.SECONDS);
        CompletableFuture<byte[]> remoteRead = remote.read();
        pair.clientConnection().close();
        pair.clientConnection().closeFuture().get(T, TimeUnit.SECONDS);
        pair.serverConnection().closeFuture().get(T, TimeUnit.SECONDS);
        assertInstanceOf(StreamResetException.class, cause(remoteRead));
        assertInstanceOf(StreamResetException.class, cause(s.read()));
        assertFalse(pair.serverConnection().isOpen());
        assertInstanceOf(StreamResetException.class, cause(pair.serverConnection().openStream()));
    }
}
