package io.cairn.network.bitswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.network.bitswap.BitswapMessage.Entry;
import io.cairn.network.bitswap.BitswapMessage.Presence;
import io.cairn.network.bitswap.BitswapMessage.PresenceType;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import io.cairn.network.testing.NettyLeakCheck;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

class BitswapCodecProperties {
    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    @Property(tries = 300)
    void v120RoundTripsEveryField(@ForAll("messages") BitswapMessage m) {
        assertSameMessage(m, BitswapCodec.decode(BitswapCodec.encode(m, BitswapVersion.V1_2_0)));
    }

    @Property(tries = 100)
    void v110KeepsBlocksAndBlockWantsOnly(@ForAll("messages") BitswapMessage m) {
        BitswapMessage back = BitswapCodec.decode(BitswapCodec.encode(m, BitswapVersion.V1_1_0));
        List<Entry> expected = m.wantlist().stream()
                .filter(e -> e.cancel() || e.type() == WantType.BLOCK)
                .map(e -> new Entry(e.cid(), e.priority(), e.cancel(), WantType.BLOCK, false))
                .toList();
        assertEquals(expected, back.wantlist());
        assertEquals(List.of(), back.presences());
        assertBlocks(m.blocks(), back.blocks());
    }

    @Property(tries = 100)
    void v100SendsRawBlocksNamedByTheirSha256(@ForAll("messages") BitswapMessage m) {
        BitswapMessage back = BitswapCodec.decode(BitswapCodec.encode(m, BitswapVersion.V1_0_0));
        assertEquals(m.blocks().size(), back.blocks().size());
        for (int i = 0; i < m.blocks().size(); i++) {
            Block b = back.blocks().get(i);
            assertArrayEquals(m.blocks().get(i).data(), b.data());
            assertEquals(Cid.v0(Multihash.digest(HashFunction.SHA2_256, b.data())), b.cid());
        }
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyRaiseTheTypedError(@ForAll byte[] bytes) {
        try {
            BitswapCodec.decode(bytes);
        } catch (BitswapFormatException expected) {
            // the only failure allowed
        }
    }

    /** Valid messages with bytes flipped: protobuf that parses but names bad CIDs or prefixes. */
    @Property(tries = 1000)
    void corruptedMessagesOnlyRaiseTheTypedError(@ForAll("messages") BitswapMessage m,
            @ForAll("flips") List<Integer> flips) {
        byte[] bytes = BitswapCodec.encode(m, BitswapVersion.V1_2_0);
        if (bytes.length == 0) {
            return;
        }
        for (int f : flips) {
            bytes[Math.floorMod(f, bytes.length)] ^= (byte) (f >>> 24 | 1);
        }
        try {
            BitswapCodec.decode(bytes);
        } catch (BitswapFormatException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 300)
    void prefixesRoundTripAndRenameTheirBlock(@ForAll("blocks") Block b) {
        CidPrefix p = CidPrefix.fromBytes(CidPrefix.of(b.cid()).toBytes());
        assertEquals(CidPrefix.of(b.cid()), p);
        assertEquals(b.cid(), p.cidOf(b.data()));
    }

    @Provide
    Arbitrary<List<Integer>> flips() {
        return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<BitswapMessage> messages() {
        Arbitrary<Entry> entries = Combinators.combine(cids(), Arbitraries.integers(), Arbitraries.of(true, false),
                Arbitraries.of(WantType.class), Arbitraries.of(true, false)).as(Entry::new);
        Arbitrary<Presence> presences = Combinators.combine(cids(), Arbitraries.of(PresenceType.class))
                .as(Presence::new);
        return Combinators.combine(entries.list().ofMaxSize(8), Arbitraries.of(true, false),
                blocks().list().ofMaxSize(4), presences.list().ofMaxSize(8), Arbitraries.integers().greaterOrEqual(0))
                .as(BitswapMessage::new);
    }

    @Provide
    Arbitrary<Block> blocks() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(300), Arbitraries.integers()
                .between(0, 5)).as((data, kind) -> {
                    Cid cid;
                    switch (kind) {
                        case 0:
                            cid = Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data);
                            break;
                        case 1:
                            cid = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data);
                            break;
                        case 2:
                            cid = Cid.of(1, Multicodec.DAG_PB, HashFunction.SHA2_512, data);
                            break;
                        case 3:
                            cid = Cid.of(1, Multicodec.RAW, HashFunction.BLAKE3, data);
                            break;
                        case 4:
                            cid = Cid.v1(Multicodec.RAW, Multihash.of(HashFunction.BLAKE3.code(),
                                    Arrays.copyOf(HashFunction.BLAKE3.digest(data, 0, data.length), 20)));
                            break;
                        default:
                            cid = data.length <= HashFunction.MAX_IDENTITY_DIGEST
                                    ? Cid.of(1, Multicodec.RAW, HashFunction.IDENTITY, data)
                                    : Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data);
                    }
                    return new Block(cid, data);
                });
    }

    private Arbitrary<Cid> cids() {
        return blocks().map(Block::cid);
    }

    static void assertSameMessage(BitswapMessage expected, BitswapMessage actual) {
        assertEquals(expected.wantlist(), actual.wantlist());
        assertEquals(expected.full(), actual.full());
        assertEquals(expected.presences(), actual.presences());
        assertEquals(expected.pendingBytes(), actual.pendingBytes());
        assertBlocks(expected.blocks(), actual.blocks());
    }

    static void assertBlocks(List<Block> expected, List<Block> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).cid(), actual.get(i).cid());
            assertArrayEquals(expected.get(i).data(), actual.get(i).data());
        }
    }
}
