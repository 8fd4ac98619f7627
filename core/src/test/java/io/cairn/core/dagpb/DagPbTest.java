package io.cairn.core.dagpb;

import static io.cairn.core.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.testing.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vectors from the reference implementations: @ipld/dag-pb's test suite (test-compat, test-edges, test-pb and
 * test-basics, which also carries blocks made by go-ipfs), the DAG-PB spec, and blocks encoded by @ipld/dag-pb
 * 4.2.0 with node 24 (script quoted at each test).
 */
class DagPbTest {
    /** The CIDv1 raw identity multihash {@code 01 55 00 05 00 01 02 03 04} that @ipld/dag-pb's tests link to. */
    private static final String ACID = "01550005" + "0001020304";

    private static void roundTrip(PbNode node, String hex) {
        assertEquals(hex, Hex.of(DagPb.encode(node)));
        assertEquals(node, DagPb.decode(bytes(hex)));
        assertEquals(hex.length() / 2, DagPb.encodedSize(node));
    }

    private static Cid acid() {
        return Cid.fromBytes(bytes(ACID));
    }

    @Test
    void compatFormsFromJsDagPb() {
        roundTrip(new PbNode(List.of(), null), "");
        roundTrip(PbNode.ofData(new byte[0]), "0a00");
        roundTrip(PbNode.ofData(bytes("0001020304")), "0a050001020304");
        roundTrip(new PbNode(List.of(new PbLink(acid(), null, null)), null), "120b0a09" + ACID);
        roundTrip(new PbNode(List.of(new PbLink(acid(), "", null)), null), "120d0a09" + ACID + "1200");
        roundTrip(new PbNode(List.of(new PbLink(acid(), "some name", null)), null),
                "12160a09" + ACID + "1209736f6d65206e616d65");
        roundTrip(new PbNode(List.of(new PbLink(acid(), null, 0L)), null), "120d0a09" + ACID + "1800");
        roundTrip(new PbNode(List.of(new PbLink(acid(), null, 9007199254740991L)), null),
                "12140a09" + ACID + "18ffffffffffffff0f");
        roundTrip(new PbNode(List.of(new PbLink(acid(), null, 9007199254740990L)), null),
                "12140a09" + ACID + "18feffffffffffff0f");
    }

    @Test
    void decodesLargeTsizeThatJsCannotEncode() {
        // test-edges: MAX_SAFE_INTEGER + 1 decodes fine.
        PbNode n = DagPb.decode(bytes("12140a09" + ACID + "188080808080808010"));
        assertEquals(9007199254740992L, n.links().get(0).tsize());
    }

    @Test
    void emptyLinksHashIsNotACid() {
        // test-compat "Links Hash zero": 12020a00 decodes at the protobuf level but the empty Hash is no CID.
        assertThrows(DagPbFormatException.class, () -> DagPb.decode(bytes("12020a00")));
    }

    @Test
    void linksWithoutHashAreRejected() {
        // test-compat forms "Links Name zero", "Links Name some", "Links Tsize zero", "Links Tsize some" and
        // "Links empty": valid protobuf, but the spec says an omitted Hash is a bad block.
        for (String hex : List.of("12021200", "120b1209736f6d65206e616d65", "12021800", "120318f207", "1200",
                "12000a050001020304")) {
            assertThrows(DagPbFormatException.class, () -> DagPb.decode(bytes(hex)), hex);
        }
    }

    @Test
    void zeroLengthBlockFromSpec() {
        PbNode empty = DagPb.decode(new byte[0]);
        assertTrue(empty.links().isEmpty());
        assertNull(empty.data());
        assertEquals("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n",
                Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, DagPb.encode(empty)).toString());
        assertEquals("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
                Cid.of(1, Multicodec.DAG_PB, HashFunction.SHA2_256, DagPb.encode(empty)).toString());
    }

    @Test
    void wellKnownUnixFsNodes() {
        // Kubo's empty directory and empty file.
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
                Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256,
                        DagPb.encode(PbNode.ofData(bytes("0801")))).toString());
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH",
                Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256,
                        DagPb.encode(PbNode.ofData(bytes("08021800")))).toString());
    }

    @Test
    void goIpfsBlockWithUnnamedLinks() {
        // test-basics "deserialize go-ipfs block with unnamed links": a file root with 7 leaves.
        String hex = "122b0a2212203f29086b59b9e046b362b4b19c9371e834a9f5a80597af83be6d8b7d1a5ad33b120018aed4e015"
                + "122b0a221220ae1a5afd7c770507dddf17f92bba7a326974af8ae5277c198cf13206373f7263120018aed4e015"
                + "122b0a22122022ab2ebf9c3523077bd6a171d516ea0e1be1beb132d853778bcc62cd208e77f1120018aed4e015"
                + "122b0a22122040a77fe7bc69bbef2491f7633b7c462d0bce968868f88e2cbcaae9d0996997e8120018aed4e015"
                + "122b0a2212206ae1979b14dd43966b0241ebe80ac2a04ad48959078dc5affa12860648356ef6120018aed4e015"
                + "122b0a221220a957d1f89eb9a861593bfcd19e0637b5c957699417e2b7f23c88653a240836c4120018aed4e015"
                + "122b0a221220345f9c2137a2cd76d7b876af4bfecd01f80b7dd125f375cb0d56f8a2f96de2c31200189bfec10f"
                + "0a2b080218cbc1819201208080e015208080e015208080e015208080e015208080e015208080e01520cbc1c10f";
        PbNode n = DagPb.decode(bytes(hex));
        assertEquals(7, n.links().size());
        PbLink first = n.links().get(0);
        assertEquals(Cid.parse("QmSbCgdsX12C4KDw3PDmpBN9iCzS87a5DjgSCoW9esqzXk"), first.hash());
        assertEquals("", first.name());
        assertEquals(45623854L, first.tsize());
        assertEquals(hex, Hex.of(DagPb.encode(n)));
    }

    @Test
    void goIpfsBlockWithNamedLinks() {
        String hex = "12390a221220b4397c02da5513563d33eef894bf68f2ccdf1bdfc14a976956ab3d1c72f735a0120e617564696f"
                + "5f6f6e6c792e6d346118cda88f0b12310a221220025c13fcd1a885df444f64a4a82a26aea867b1148c68cb671e8358"
                + "9f971149321208636861742e74787418e40712340a2212205d44a305b9b328ab80451d0daa72a12a7bf2763c5f8bbe"
                + "327597a31ee40d1e48120c706c61796261636b2e6d3375187412360a2212202539ed6e85f2a6f9097db9d76cffd49b"
                + "f3042eb2e3e8e9af4a3ce842d49dea22120a7a6f6f6d5f302e6d70341897fb8592010a020801";
        PbNode n = DagPb.decode(bytes(hex));
        assertEquals(List.of("audio_only.m4a", "chat.txt", "playback.m3u", "zoom_0.mp4"),
                n.links().stream().map(PbLink::name).toList());
        assertEquals(Cid.parse("QmaUAwAQJNtvUdJB42qNbTTgDpzPYD1qdsKNtctM5i7DGB"), n.links().get(0).hash());
        assertEquals(23319629L, n.links().get(0).tsize());
        assertArrayEquals(bytes("0801"), n.data());
        assertEquals(hex, Hex.of(DagPb.encode(n)));
    }

    @Test
    void encodesLikeJsDagPbWithUnicodeNamesAndMixedCidVersions() {
        // node -e with @ipld/dag-pb 4.2.0: encode(prepare({ Data: [8,1], Links: [
        //   {Hash: bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4, Name:'z', Tsize:12},
        //   {Hash: QmUNLLs..., Name:'é', Tsize:4}, {Hash: QmUNLLs..., Name:'😀', Tsize:4},
        //   {Hash: QmUNLLs..., Name:'Z', Tsize:9007199254740991}] })) -- prepare() sorted them Z, z, é, 😀
        Cid dir = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        Cid hello = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        PbNode node = new PbNode(List.of(PbLink.of(dir, "Z", 9007199254740991L), PbLink.of(hello, "z", 12),
                PbLink.of(dir, "é", 4), PbLink.of(dir, "\uD83D\uDE00", 4)), bytes("0801"));
        String hex = "12300a22122059948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef12015a18ffffffff"
                + "ffffff0f122b0a2401551220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447120"
                + "17a180c122a0a22122059948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef1202c3a91"
                + "804122c0a22122059948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef1204f09f98801"
                + "8040a020801";
        roundTrip(node, hex);
        assertEquals("bafybeibu36q6x3cc5s76jyzcj6t6dh3smcaqlten5id36yrin742swydd4",
                Cid.of(1, Multicodec.DAG_PB, HashFunction.SHA2_256, DagPb.encode(node)).toString());
    }

    @Test
    void keepsLinkOrderAsGiven() {
        // @ipld/dag-pb 4.2.0: encode({ Links: [{Hash: bafkrei...ei4, Tsize: 12}, {Hash: QmUNLLs...}],
        //   Data: 08021800 }) => QmckiiHKNX4pg4oN36bU4QoFz2N47r5ZLqHmJRx7jGgA8G (unnamed links are not reordered)
        Cid dir = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        Cid hello = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        PbNode node = new PbNode(List.of(new PbLink(hello, null, 12L), new PbLink(dir, null, null)),
                bytes("08021800"));
        assertEquals("QmckiiHKNX4pg4oN36bU4QoFz2N47r5ZLqHmJRx7jGgA8G",
                Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, DagPb.encode(node)).toString());
        // Names out of order stay out of order too.
        PbNode unsorted = new PbNode(List.of(PbLink.of(dir, "b", 1), PbLink.of(dir, "a", 1)), null);
        assertEquals(unsorted, DagPb.decode(DagPb.encode(unsorted)));
    }

    @Test
    void acceptsAncientDataBeforeLinks() {
        // test-basics "deserialize ancient ipfs block with Data before Links": must decode, won't round-trip.
        String hex = "0a040802180612240a221220cf92fdefcdc34cac009c8b05eb662be0618db9de55ecd42785e9ec6712f8df65"
                + "12240a221220cf92fdefcdc34cac009c8b05eb662be0618db9de55ecd42785e9ec6712f8df65";
        PbNode n = DagPb.decode(bytes(hex));
        assertEquals(2, n.links().size());
        assertArrayEquals(bytes("08021806"), n.data());
        assertNotEquals(hex, Hex.of(DagPb.encode(n)));
        assertEquals(n, DagPb.decode(DagPb.encode(n)));
    }

    @Test
    void rejectsLinksDataLinks() {
        // test-basics "node with data between links".
        String hex = "12240a221220cf92fdefcdc34cac009c8b05eb662be0618db9de55ecd42785e9ec6712f8df650a04080218061224"
                + "0a221220cf92fdefcdc34cac009c8b05eb662be0618db9de55ecd42785e9ec6712f8df65";
        assertThrows(DagPbFormatException.class, () -> DagPb.decode(bytes(hex)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // test-pb: duplicate Data; Name before Hash; Tsize before Hash; Tsize before Name; duplicate Hash;
        // duplicate Name; duplicate Tsize.
        "0a0500010203040a050001020304",
        "120d12000a09" + ACID,
        "120e18f2070a09" + ACID,
        "120518f2071200",
        "12160a09" + ACID + "0a09" + ACID,
        "12210a09" + ACID + "1209736f6d65206e616d651209736f6d65206e616d65",
        "12110a09" + ACID + "18f20718f207",
    })
    void rejectsStrictnessViolationsFromJsTests(String hex) {
        assertThrows(DagPbFormatException.class, () -> DagPb.decode(bytes(hex)));
    }

    @Test
    void rejectsEveryWrongWireTypeAndFieldNumber() {
        // test-pb "bad wireType"/"bad fieldNum": vary the key byte of each field of valid blocks.
        checkKeyVariants("0a050001020304", 0, 0x0a);
        checkKeyVariants("120b0a09" + ACID, 0, 0x12);
        checkKeyVariants("120b0a09" + ACID, 2, 0x0a);
        checkKeyVariants("12160a09" + ACID + "1209736f6d65206e616d65", 13, 0x12);
        checkKeyVariants("120e0a09" + ACID + "18f207", 13, 0x18);
    }

    private static void checkKeyVariants(String validHex, int keyIndex, int validKey) {
        byte[] valid = bytes(validHex);
        DagPb.decode(valid);
        for (int key = 0; key < 0x80; key++) {
            if (key == validKey) {
                continue;
            }
            byte[] b = valid.clone();
            b[keyIndex] = (byte) key;
            // Some variants change the field into another known field of the same wire type at the node level
            // (0x0a <-> 0x12); those may legitimately decode or fail as DAG-PB, never anything else.
            try {
                DagPb.decode(b);
                assertTrue(key == 0x0a || key == 0x12, "key " + key + " at " + keyIndex + " of " + validHex);
            } catch (DagPbFormatException expected) {
                // rejected, as it should be
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0a", "0a05000102", "12", "120b0a09015500050001", "12ff", // truncated
        "1a00", "2200", "0800", "7a00", "8a0100", // unknown PBNode fields
        "120d0a09" + ACID + "2200", "120d0a09" + ACID + "2000", // unknown PBLink fields
        "120b0a09" + ACID + "00", // trailing byte after a node field (tag 0: field 0)
        "0a8000", // non-minimal length varint
        "12100a09" + ACID + "18ffffffffffffffff7f", // 10-byte Tsize varint (> 63 bits)
        "120d0a09" + ACID + "1202c328", // Name is not UTF-8
        "120e0a09" + ACID + "1203eda080", // Name is a UTF-8-encoded surrogate
        "120b0a09015500060001020304", // Hash digest shorter than its length byte says
        "120d0a0b" + ACID + "0000", // Hash with trailing bytes after the CID
        "0affffffff0f00", // length prefix far past the end
    })
    void rejectsMalformedBlocks(String hex) {
        assertThrows(DagPbFormatException.class, () -> DagPb.decode(bytes(hex)));
    }

    @Test
    void linkRejectsNegativeTsizeAndUnpairedSurrogate() {
        assertThrows(IllegalArgumentException.class, () -> new PbLink(acid(), null, -1L));
        assertThrows(IllegalArgumentException.class, () -> PbLink.of(acid(), "a\uD800b", 1));
    }
}
