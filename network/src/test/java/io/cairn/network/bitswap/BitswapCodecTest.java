package io.cairn.network.bitswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.network.bitswap.BitswapMessage.Entry;
import io.cairn.network.bitswap.BitswapMessage.Presence;
import io.cairn.network.bitswap.BitswapMessage.PresenceType;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wire bytes written by hand from the field numbers of ipfs/specs bitswap-protocol.md (and boxo's message.proto),
 * and the CID of "hello" as raw sha2-256 as Kubo prints it ({@code ipfs add --raw-leaves --cid-version 1}).
 */
class BitswapCodecTest {
    private static final Cid HELLO = Cid.parse("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
    private static final byte[] HELLO_BYTES = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPayloadBlockIsNamedByItsPrefixAndBytes() {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(new byte[] {0x0a, 0x04, 0x01, 0x55, 0x12, 0x20, 0x12, 0x05});
        block.writeBytes(HELLO_BYTES);
        byte[] msg = field(3, block.toByteArray());
        BitswapMessage m = BitswapCodec.decode(msg);
        assertEquals(1, m.blocks().size());
        assertEquals(HELLO, m.blocks().get(0).cid());
        assertArrayEquals(HELLO_BYTES, m.blocks().get(0).data());
        assertArrayEquals(msg, BitswapCodec.encode(m, BitswapVersion.V1_2_0));
    }

    @Test
    void aWantHaveEntryHasTheSpecsFieldNumbers() {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        entry.writeBytes(field(1, HELLO.toBytes()));
        entry.writeBytes(new byte[] {0x10, 0x01, 0x20, 0x01, 0x28, 0x01});
        byte[] msg = field(1, field(1, entry.toByteArray()));
        BitswapMessage m = BitswapCodec.decode(msg);
        assertEquals(List.of(Entry.want(HELLO, 1, WantType.HAVE, true)), m.wantlist());
        assertArrayEquals(msg, BitswapCodec.encode(m, BitswapVersion.V1_2_0));
    }

    @Test
    void aDontHavePresenceHasTheSpecsFieldNumbers() {
        ByteArrayOutputStream presence = new ByteArrayOutputStream();
        presence.writeBytes(field(1, HELLO.toBytes()));
        presence.writeBytes(new byte[] {0x10, 0x01});
        byte[] msg = field(4, presence.toByteArray());
        BitswapMessage m = BitswapCodec.decode(msg);
        assertEquals(List.of(new Presence(HELLO, PresenceType.DONT_HAVE)), m.presences());
        assertArrayEquals(msg, BitswapCodec.encode(m, BitswapVersion.V1_2_0));
    }

    @Test
    void a100BlockIsNamedByCidV0() {
        BitswapMessage m = BitswapCodec.decode(field(2, HELLO_BYTES));
        assertEquals(HELLO.toV1().multihash(), m.blocks().get(0).cid().multihash());
        assertEquals(0, m.blocks().get(0).cid().version());
    }

    @Test
    void olderVersionsGetNoPresencesNorWantHaves() {
        BitswapMessage m = new BitswapMessage(List.of(Entry.want(HELLO, 1, WantType.HAVE, true)), false,
                List.of(new Block(HELLO, HELLO_BYTES)), List.of(new Presence(HELLO, PresenceType.HAVE)), 7);
        BitswapMessage v110 = BitswapCodec.decode(BitswapCodec.encode(m, BitswapVersion.V1_1_0));
        assertTrue(v110.wantlist().isEmpty());
        assertTrue(v110.presences().isEmpty());
        assertEquals(HELLO, v110.blocks().get(0).cid());
        // 1.0.0 puts the bytes alone in field 2
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(field(2, HELLO_BYTES));
        assertArrayEquals(expected.toByteArray(), BitswapCodec.encode(m, BitswapVersion.V1_0_0));
    }

    @Test
    void limitsAreTheSpecs() {
        assertThrows(BitswapFormatException.class, () -> BitswapCodec.decode(new byte[(4 << 20) + 1]));
        byte[] big = field(2, new byte[(2 << 20) + 1]);
        assertThrows(BitswapFormatException.class, () -> BitswapCodec.decode(big));
        byte[] justRight = field(2, new byte[2 << 20]);
        assertEquals(2 << 20, BitswapCodec.decode(justRight).blocks().get(0).size());
    }

    @Test
    void badPrefixesAreRejected() {
        // version 0 may only name dag-pb sha2-256 (32 bytes)
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x00, 0x55, 0x12, 0x20}).cidOf(HELLO_BYTES));
        // a hash function Cairn cannot compute (md5 0xd5)
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x01, 0x55, (byte) 0xd5, 0x01, 0x10}).cidOf(HELLO_BYTES));
        // sha2-256 has no 33-byte digest; a truncated 8-byte one is not accepted either
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x01, 0x55, 0x12, 0x21}).cidOf(HELLO_BYTES));
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x01, 0x55, 0x12, 0x08}).cidOf(HELLO_BYTES));
        assertThrows(BitswapFormatException.class, () -> CidPrefix.fromBytes(new byte[] {0x01, 0x55, 0x12}));
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x01, 0x55, 0x12, 0x20, 0x00}));
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x02, 0x55, 0x12, 0x20}));
        // identity: the length must be the block's
        assertThrows(BitswapFormatException.class,
                () -> CidPrefix.fromBytes(new byte[] {0x01, 0x55, 0x00, 0x04}).cidOf(HELLO_BYTES));
        assertEquals(Cid.of(1, Multicodec.RAW, HashFunction.IDENTITY, HELLO_BYTES),
                CidPrefix.fromBytes(new byte[] {0x01, 0x55, 0x00, 0x05}).cidOf(HELLO_BYTES));
    }

    @Test
    void aBadCidInAnEntryIsTheTypedError() {
        byte[] entry = field(1, new byte[] {0x01, 0x55, 0x12, 0x20, 0x01});
        assertThrows(BitswapFormatException.class, () -> BitswapCodec.decode(field(1, field(1, entry))));
    }

    /** A length-delimited protobuf field: tag (number << 3 | 2), uvarint length, bytes. */
    static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(number << 3 | 2);
        int n = value.length;
        while (n >= 0x80) {
            out.write(n & 0x7f | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.writeBytes(value);
        return out.toByteArray();
    }
}
