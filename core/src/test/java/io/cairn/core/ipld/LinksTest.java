package io.cairn.core.ipld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinksTest {
    private static final long CBOR = Multicodec.DAG_CBOR.code();
    private static final long JSON = Multicodec.DAG_JSON.code();

    // Blocks written by go-ipfs `ipfs dag put` (quoted with their commands in rust-ipfs's tests): the CIDs are the
    // ones go-ipfs printed, so these vectors come from a real implementation, not from Cairn's encoders.
    private static final String LIST_OF_FOUR = "84d82a5825000171122070a20db04672d858427771a4e7cf6ce3c53c52f32404b449"
            + "9747d38fc19592e7d82a58230012200e317512b6f9f86e015a154cb97a9ddcdc7e372cccceb3947921634953c65374d82a58"
            + "250001711220354d455ff3a641b8cac25c38a77e64aa735dc8a48966a60f1a78caa172a4885ed82a582300122031c3d5708"
            + "0d8463a3c63b2923df5a1d40ad7a73eae5a14af584213e5f504ac33";
    private static final String FOO_BAR = "a263626172d82a58230012200e317512b6f9f86e015a154cb97a9ddcdc7e372cccceb3947"
            + "921634953c6537463666f6fd82a58250001711220354d455ff3a641b8cac25c38a77e64aa735dc8a48966a60f1a78caa172a48"
            + "85e";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void goIpfsDagPutVectors() {
        byte[] list = hex(LIST_OF_FOUR);
        assertEquals(Cid.parse("bafyreihpc3vupfos5yqnlakgpjxtyx3smkg26ft7e2jnqf3qkyhromhb64"),
                Cid.of(1, Multicodec.DAG_CBOR, HashFunction.SHA2_256, list));
        assertEquals(List.of(Cid.parse("bafyreidquig3arts3bmee53rutt463hdyu6ff4zeas2etf2h2oh4dfms44"),
                Cid.parse("QmPJ4A6Su27ABvvduX78x2qdWMzkdAYxqeH5TVrHeo3xyy"),
                Cid.parse("bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily"),
                Cid.parse("QmRgutAxd8t7oGkSm4wmeuByG6M51wcTso6cubDdQtuEfL")), Links.of(CBOR, list));

        byte[] fooBar = hex(FOO_BAR);
        assertEquals(Cid.parse("bafyreidquig3arts3bmee53rutt463hdyu6ff4zeas2etf2h2oh4dfms44"),
                Cid.of(1, Multicodec.DAG_CBOR, HashFunction.SHA2_256, fooBar));
        // Map keys sorted length-first: "bar" before "foo".
        assertEquals(List.of(Cid.parse("QmPJ4A6Su27ABvvduX78x2qdWMzkdAYxqeH5TVrHeo3xyy"),
                Cid.parse("bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily")), Links.of(CBOR, fooBar));

        // The dag-json text go-ipfs was given for that block.
        byte[] json = ("{ \"foo\": { \"/\": \"bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily\" }, "
                + "\"bar\": { \"/\": \"QmPJ4A6Su27ABvvduX78x2qdWMzkdAYxqeH5TVrHeo3xyy\" } }")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(Cid.parse("bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily"),
                Cid.parse("QmPJ4A6Su27ABvvduX78x2qdWMzkdAYxqeH5TVrHeo3xyy")), Links.of(JSON, json));
    }

    @Test
    void dagPbLinksAndLeafCodecs() {
        Cid a = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {1});
        Cid b = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {2});
        byte[] pb = DagPb.encode(new PbNode(List.of(new PbLink(a, "x", 1L), new PbLink(b, null, null),
                new PbLink(a, "y", 1L)), null));
        assertEquals(List.of(a, b, a), Links.of(Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, pb), pb));
        assertThrows(IpldFormatException.class, () -> Links.of(Multicodec.DAG_PB.code(), new byte[] {(byte) 0xff}));
        for (Multicodec m : List.of(Multicodec.RAW, Multicodec.IDENTITY, Multicodec.JSON, Multicodec.CBOR,
                Multicodec.LIBP2P_KEY)) {
            assertEquals(List.of(), Links.of(m.code(), hex(LIST_OF_FOUR)), m.codecName());
            assertTrue(Links.isSupported(m.code()));
        }
        UnsupportedCodecException e = assertThrows(UnsupportedCodecException.class,
                () -> Links.of(0x78, new byte[0]));
        assertEquals(0x78, e.codec());
        assertThrows(UnsupportedCodecException.class, () -> Links.of(Multicodec.CAR.code(), new byte[0]));
    }

    @Test
    void identityHashedDagCborHasTheLinksItsBytesHold() {
        byte[] block = hex(FOO_BAR);
        Cid inline = Cid.v1(Multicodec.DAG_CBOR, Multihash.of(Multicodec.IDENTITY.code(), block));
        assertEquals(2, Links.of(inline, block).size());
    }

    @Test
    void cborHostileInputsAreTypedErrors() {
        String[] bad = {
            "", // nothing
            "5bffffffffffffffff", // byte string of 2^64-1 bytes
            "5b7fffffffffffffff", // of 2^63-1 bytes
            "9b7fffffffffffffff00", // array of 2^63-1 items
            "bb4000000000000000", // map whose entry count doubled overflows
            "9a7fffffff", "7a7fffffff41",
            "5f4100ff", "9f01ff", "bf6161 01ff".replace(" ", ""), "7f6161ff", "ff", // indefinite lengths, break
            "1c", "3d", "5e", // reserved additional information
            "c0781a", "d82b4100", "d9002a", "c1", // other tags, tag without item
            "d82a01", "d82a6100", "d82a40", "d82a4101", // tag 42 on non-bytes, empty, no 0x00 prefix
            "d82a42000f", // 0x00 then not a CID
            "d82a5826000171122070a20db04672d858427771a4e7cf6ce3c53c52f32404b4499747d38fc19592e700", // trailing
            "f7", "f0", "f820", "f8ff", // undefined, simple values
            "a10101", "a1f6f6", "a1d82a5825000171122070a20db04672d858427771a4e7cf6ce3c53c52f32404b4499747d38fc195"
                + "92e701", // non-string keys
            "0101", "8001", // trailing items
            "82", "a161", "a16161", "19", "fb0000", // truncated
        };
        for (String h : bad) {
            assertThrows(IpldFormatException.class, () -> Links.of(CBOR, hex(h)), h);
        }
    }

    @Test
    void cborRelaxedFormsAreAccepted() {
        // Non-shortest integers, lengths and tag, half and single floats, NaN, keys out of order: all allowed by
        // the spec's "Decode strictness" and accepted by go-ipld-prime.
        String cid = "5825000171122070a20db04672d858427771a4e7cf6ce3c53c52f32404b4499747d38fc19592e7";
        assertEquals(1, Links.of(CBOR, hex("d9002a" + cid)).size());
        assertEquals(1, Links.of(CBOR, hex("d82a590025" + cid.substring(4))).size());
        assertEquals(List.of(), Links.of(CBOR, hex("a2616201616101")));
        assertEquals(List.of(), Links.of(CBOR, hex("8418011900011a00000001f97e00")));
        assertEquals(List.of(), Links.of(CBOR, hex("83fa3f800000f93c00fb7ff8000000000000")));
        assertEquals(List.of(), Links.of(CBOR, hex("a0")));
    }

    @Test
    void cborNestingIsBoundedWithoutRecursion() {
        Cid link = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[0]);
        for (int depth : new int[] {DagCborLinks.MAX_DEPTH, DagCborLinks.MAX_DEPTH + 1, 1_000_000}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < depth; i++) {
                out.write(0x81);
            }
            out.writeBytes(IpldDocs.cbor(link));
            byte[] block = out.toByteArray();
            if (depth <= DagCborLinks.MAX_DEPTH) {
                assertEquals(List.of(link), Links.of(CBOR, block));
            } else {
                assertThrows(IpldFormatException.class, () -> Links.of(CBOR, block));
            }
        }
    }

    @Test
    void jsonLinkShapes() {
        Cid c = Cid.parse("bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily");
        String s = c.toString();
        assertEquals(List.of(c), json("{\"/\":\"" + s + "\"}"));
        assertEquals(List.of(c), json("{\"\\/\":\"" + s + "\"}"));
        assertEquals(List.of(c), json(" [ { \"/\" : \"" + s + "\" } ] "));
        // Base58btc with its multibase prefix is a CID string too, as go-cid and js-multiformats parse it.
        assertEquals(List.of(c), json("{\"/\":\"" + c.toString(io.cairn.core.multiformats.Multibase.BASE58_BTC)
                + "\"}"));
        assertEquals(List.of(), json("{\"/\":{\"bytes\":\"mAQID\"}}"));
        assertEquals(List.of(), json("{\"a\":1,\"/\":\"" + s + "\"}"));
        assertEquals(List.of(), json("{\"//\":\"" + s + "\"}"));
        assertEquals(List.of(), json("[\"" + s + "\",{\"x\":\"" + s + "\"}]"));
        assertEquals(List.of(), json("{\"/\":[\"" + s + "\"]}"));
        assertEquals(List.of(), json("-0.5e+10"));
        assertEquals(List.of(c, c), json("{\"a\":{\"/\":\"" + s + "\"},\"b\":[{\"/\":\"" + s + "\"}]}"));
    }

    @Test
    void jsonMalformedIsATypedError() {
        String[] bad = {"", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\"}", "{a:1}", "01", "1.", "1e", "-", "+1",
            "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12g4\"", "\"\u0001\"", "[1 2]", "{}{}", "[]]", "{\"/\":\"nope\"}",
            "{\"/\":\"\"}", "{\"/\":\"bafy\"}", "NaN", "Infinity", "'a'",
            "{\"/\":\"" + Cid.parse("bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily") + "\",\"a\":1}"};
        for (String s : bad) {
            assertThrows(IpldFormatException.class, () -> json(s), s);
        }
        assertThrows(IpldFormatException.class, () -> Links.of(JSON, new byte[] {'"', (byte) 0xc3, '"'}));
        assertThrows(IpldFormatException.class, () -> json("[".repeat(DagJsonLinks.MAX_DEPTH + 1)
                + "]".repeat(DagJsonLinks.MAX_DEPTH + 1)));
        assertEquals(List.of(), json("[".repeat(DagJsonLinks.MAX_DEPTH) + "]".repeat(DagJsonLinks.MAX_DEPTH)));
    }

    private static List<Cid> json(String s) {
        return Links.of(JSON, s.getBytes(StandardCharsets.UTF_8));
    }
}
