package io.cairn.network.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.network.mux.MuxedStream;
import io.cairn.network.testing.NettyLeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/** Whatever a remote sends, the handler answers with frames or a go-away, never an exception or a leak. */
class YamuxHandlerProperties {
    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    /** Mostly well-formed headers on a few stream IDs, so that the state machine is reached, not just the codec. */
    @Provide
    Arbitrary<byte[]> hostileInput() {
        Arbitrary<byte[]> frame = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.of(0, 1, 2, 4, 8, 3, 5, 9, 0xFFFF),
                Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 300_000),
                Arbitraries.integers().between(0, 64))
                .as((type, flags, id, length, extra) -> {
                    ByteBuf b = Unpooled.buffer();
                    try {
                        b.writeByte(0).writeByte(type).writeShort(flags).writeInt(id).writeInt(length);
                        if (type == 0) {
                            b.writeZero(Math.min(length, 300_000));
                        }
                        byte[] out = new byte[b.readableBytes()];
                        b.readBytes(out);
                        return out;
                    } finally {
                        b.release();
                    }
                });
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, frame), net.jqwik.api.Tuple.of(1, garbage))
                .list().ofMaxSize(30)
                .map(parts -> {
                    int n = parts.stream().mapToInt(p -> p.length).sum();
                    byte[] all = new byte[n];
                    int o = 0;
                    for (byte[] p : parts) {
                        System.arraycopy(p, 0, all, o, p.length);
                        o += p.length;
                    }
                    return all;
                });
    }

    @Property(tries = 300)
    void anyInputGetsFramesOrAGoAwayAndNothingElse(@ForAll("hostileInput") byte[] input,
                                                   @ForAll boolean initiator,
                                                   @ForAll @IntRange(min = 1, max = 70_000) int chunk) {
        YamuxHandler handler = new YamuxHandler(initiator, YamuxConfig.builder().maxInboundStreams(2).build());
        List<MuxedStream> accepted = new ArrayList<>();
        handler.connection().acceptStreams(s -> {
            accepted.add(s);
            s.read();
        });
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ByteBuf out = Unpooled.buffer();
        try {
            for (int o = 0; o < input.length && ch.isOpen(); o += chunk) {
                int n = Math.min(chunk, input.length - o);
                ch.writeInbound(Unpooled.wrappedBuffer(input, o, n));
                ch.runPendingTasks();
            }
            ch.checkException();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                out.writeBytes(b);
                b.release();
            }
            YamuxFrame last = null;
            int goAways = 0;
            for (YamuxFrame f; (f = YamuxFrameCodec.decode(out, Integer.MAX_VALUE)) != null; ) {
                last = f;
                goAways += f.type() == YamuxFrame.Type.GO_AWAY ? 1 : 0;
            }
            assertEquals(0, out.readableBytes(), "the handler wrote a partial frame");
            long open = accepted.stream().filter(s -> !s.closeFuture().isDone()).count();
            assertTrue(open <= 2, "inbound limit exceeded: " + open);
            if (!ch.isOpen()) {
                assertEquals(1, goAways);
                assertEquals(YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR), last);
            } else {
                assertEquals(0, goAways);
            }
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }
}
