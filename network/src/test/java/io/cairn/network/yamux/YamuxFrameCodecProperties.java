package io.cairn.network.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.network.testing.NettyLeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

class YamuxFrameCodecProperties {
    private static final int MAX_DATA = 64 * 1024;

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    @Provide
    Arbitrary<YamuxFrame> frames() {
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Integer> ids = Arbitraries.integers();
        Arbitrary<YamuxFrame> data = Combinators.combine(ids, flags, Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(2048)).as((id, f, body) -> YamuxFrame.data(id, f, body));
        Arbitrary<YamuxFrame> headerOnly = Combinators.combine(
                Arbitraries.of(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.Type.PING, YamuxFrame.Type.GO_AWAY),
                flags, ids, Arbitraries.integers())
                .as((t, f, id, len) -> YamuxFrame.of(t, f, id, len, new byte[0]));
        return Arbitraries.oneOf(data, headerOnly);
    }

    @Provide
    Arbitrary<List<YamuxFrame>> frameLists() {
        return frames().list().ofMaxSize(20);
    }

    @Property
    void framesRoundTripInOneStream(@ForAll("frameLists") List<YamuxFrame> frames) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (YamuxFrame f : frames) {
                YamuxFrameCodec.encode(f, buf);
            }
            List<YamuxFrame> decoded = new ArrayList<>();
            for (YamuxFrame f; (f = YamuxFrameCodec.decode(buf, MAX_DATA)) != null; ) {
                decoded.add(f);
            }
            assertEquals(frames, decoded);
            assertEquals(0, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    @Property
    void aTruncatedFrameDecodesToNothingAndConsumesNothing(@ForAll("frames") YamuxFrame frame,
                                                           @ForAll @IntRange(min = 1, max = 2060) int cut) {
        ByteBuf buf = Unpooled.buffer();
        try {
            YamuxFrameCodec.encode(frame, buf);
            int keep = Math.max(0, buf.readableBytes() - cut);
            buf.writerIndex(keep);
            assertNull(YamuxFrameCodec.decode(buf, MAX_DATA));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrThrowOnlyTheTypedError(@ForAll byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            while (YamuxFrameCodec.decode(buf, MAX_DATA) != null) {
                // keep decoding
            }
        } catch (YamuxFormatException expected) {
            // the one allowed failure
        } finally {
            buf.release();
        }
    }

    @Property(tries = 2000)
    void arbitraryHeadersDecodeOrThrowOnlyTheTypedError(@ForAll @IntRange(min = 0, max = 2) int version,
                                                        @ForAll @IntRange(min = 0, max = 5) int type,
                                                        @ForAll int streamId, @ForAll int length,
                                                        @ForAll byte[] tail) {
        // biased towards valid versions and types, so the length checks are reached, which random bytes rarely do
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(version).writeByte(type).writeShort(0).writeInt(streamId).writeInt(length).writeBytes(tail);
            while (YamuxFrameCodec.decode(buf, MAX_DATA) != null) {
                // keep decoding
            }
        } catch (YamuxFormatException expected) {
            // the one allowed failure
        } finally {
            buf.release();
        }
    }

    /** The header layout of hashicorp/yamux spec.md: version, type, flags (big-endian), stream ID, length. */
    @Example
    void headerLayoutFollowsTheSpec() {
        byte[] wire = {0, 1, 0, 1, 0, 0, 0, 3, 0, 4, 0, 0}; // window update, SYN, stream 3, delta 256 KiB
        ByteBuf buf = Unpooled.wrappedBuffer(wire);
        try {
            YamuxFrame f = YamuxFrameCodec.decode(buf, MAX_DATA);
            assertEquals(YamuxFrame.windowUpdate(3, YamuxFrame.SYN, 256 * 1024), f);
        } finally {
            buf.release();
        }
    }

    @Example
    void badVersionTypeAndOversizedDataAreTypedErrors() {
        byte[][] bad = {
            {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
            {0, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
            {0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1},
            {0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        };
        for (byte[] b : bad) {
            ByteBuf buf = Unpooled.wrappedBuffer(b);
            try {
                assertThrows(YamuxFormatException.class, () -> YamuxFrameCodec.decode(buf, MAX_DATA));
            } finally {
                buf.release();
            }
        }
    }
}
