package io.cairn.core.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CID vectors. Expected strings come from real implementations: {@code QmT78z...} is what Kubo's {@code ipfs add}
 * gives "hello world\n", and every other form (v1 in base32/base36/base58btc/base16/base64url, the raw-leaf,
 * blake3, identity and libp2p-key CIDs) was printed by js multiformats 14 ({@code CID.parse}, {@code toV1},
 * {@code toString(base)}, {@code CID.createV1}).
 */
class CidTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The dag-pb node of a UnixFS file holding "hello world\n": Data = {Type: File, Data: ..., filesize: 12}. */
    private static final byte[] HELLO_NODE = HEX.parseHex("0a120802120c68656c6c6f20776f726c640a180c");

    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_V1 = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";
    private static final String HELLO_V1_HEX =
            "0170122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e";

    @Test
    void helloWorldFileCid() {
        Cid v0 = Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, HELLO_NODE);
        assertEquals(HELLO_V0, v0.toString());
        assertEquals(0, v0.version());
        assertEquals(Multicodec.DAG_PB.code(), v0.codec());
        assertEquals(v0, Cid.parse(HELLO_V0));
        assertEquals("122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e",
                HEX.formatHex(v0.toBytes()));
        assertTrue(v0.multihash().matches(HELLO_NODE));

        Cid v1 = v0.toV1();
        assertEquals(HELLO_V1, v1.toString());
        assertEquals(HELLO_V1_HEX, HEX.formatHex(v1.toBytes()));
        assertEquals(v1, Cid.of(1, Multicodec.DAG_PB, HashFunction.SHA2_256, HELLO_NODE));
        assertEquals(v0, v1.toV0());
        assertSame(v0, v0.toV0());
        assertSame(v1, v1.toV1());
        assertNotEquals(v0, v1, "equality is over bytes; v0 and v1 name the same content");
        assertEquals(v0.multihash(), v1.multihash());
    }

    /** The same v1 CID in other multibases, as js multiformats prints it. */
    @ParameterizedTest
    @CsvSource({
        "base32, bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby",
        "base36, k2jmtxt4nv2kx0qz1ncwpjwzdixb27xsgqxk7kgho4nnmjceustvi80e",
        "base58btc, zdj7WaCPMsy3FP2whSwpFXHjDEaTVmjnddYSn5W2Gdn4aEZFj",
        "base16, f0170122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e",
        "base64url, uAXASIEbUSBS5xa8UHDqqt8BdxehE6tX5HxKFiwIeukV2i0wO",
    })
    void helloWorldV1InOtherBases(String base, String text) {
        Cid v1 = Cid.parse(HELLO_V1);
        assertEquals(text, v1.toString(Multibase.forName(base)));
        Cid parsed = Cid.parse(text);
        assertEquals(v1, parsed);
        assertEquals(HELLO_V0, parsed.toV0().toString());
    }

    /** The IPFS docs' example CID and its v0 form, both from js multiformats. */
    @Test
    void docsExampleConversions() {
        Cid v1 = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        assertEquals("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", v1.toV0().toString());
        assertEquals(v1, Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR").toV1());
        assertEquals("01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a",
                HEX.formatHex(v1.toBytes()));
        assertEquals("k2jmtxw8rjh1z69c6not3wtdxb0u3urbzhyll1t9jg6ox26dhi5sfi1m", v1.toString(Multibase.BASE36));
        assertEquals("zdj7Wic6KcJAfWz1c9o4M6kq9Lwd5BfbxkVafnrojaaGiSFxM", v1.toString(Multibase.BASE58_BTC));
    }

    /** Raw-leaf CIDs of "hello world" with sha2-256, sha2-512, blake3 and identity (js multiformats). */
    @ParameterizedTest
    @CsvSource({
        "SHA2_256, bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        "SHA2_512, bafkrgqbqt3gerhas23vuzrapkdeqf4vu2dwxp3srdj6hvg6nhsug2tgyn6mj3u23yx7utftq3i2ckw2fwdh5qmhid5qf3t35y"
                + "vkc5e5ottlw6",
        "BLAKE3, bafkr4igxjga67jykbseaxdmmdgc5a5o3zp3htom2l6mrjznk7fvyggu6eq",
        "IDENTITY, bafkqac3imvwgy3zao5xxe3de",
    })
    void rawLeafCids(HashFunction f, String expected) {
        byte[] data = "hello world".getBytes(StandardCharsets.US_ASCII);
        Cid cid = Cid.of(1, Multicodec.RAW, f, data);
        assertEquals(expected, cid.toString());
        Cid parsed = Cid.parse(expected);
        assertEquals(cid, parsed);
        assertTrue(parsed.isCodec(Multicodec.RAW));
        assertTrue(parsed.multihash().matches(data));
        assertThrows(CidFormatException.class, parsed::toV0, "only dag-pb has a v0 form");
    }

    /** A libp2p-key CID of an ed25519 peer ID in base36 and base32 (js multiformats). */
    @Test
    void overlongTextIsRefusedBeforeDecoding() {
        String huge = "z" + "2".repeat(100_000);
        CidFormatException e = assertThrows(CidFormatException.class, () -> Cid.parse(huge));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        assertThrows(MultihashFormatException.class, () -> Multihash.parse("Qm" + "2".repeat(1000)));
        assertThrows(MultihashFormatException.class, () -> Multihash.parse(null));
    }

    @Test
    void libp2pKeyCid() {
        Cid k = Cid.parse("k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs");
        assertEquals(Cid.parse("bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u"), k);
        assertEquals(Cid.parse("z5AanNVJCxnHszLz6HVCpZKQVXm3Xzi77cb5jXLSrxfgC9Qu3d93my5"), k);
        assertTrue(k.isCodec(Multicodec.LIBP2P_KEY));
        assertEquals("01720024080112202d3de6d16ae87f7a933fe1552162a2d3f04951e90e8051e4ee2c18f002dd0fb4",
                HEX.formatHex(k.toBytes()));
        assertEquals("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV", k.multihash().toString());
    }

    @Test
    void upperCaseAndMixedCaseBase32Parse() {
        Cid v1 = Cid.parse(HELLO_V1);
        assertEquals(v1, Cid.parse(HELLO_V1.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(v1, Cid.parse("b" + HELLO_V1.substring(1).toUpperCase(java.util.Locale.ROOT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5", // CIDv0 one character short
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5oo", // CIDv0 one character long
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5l", // 'l' is not base58btc
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff50", // '0' is not base58btc
        "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mb0", // '0' is not base32
        "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2m", // truncated
        "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mbyaa", // trailing byte
        "k2jmtxt4nv2kx0qz1ncwpjwzdixb27xsgqxk7kgho4nnmjceustvi80-", // bad base36 character
        "zdj7WaCPMsy3FP2whSwpFXHjDEaTVmjnddYSn5W2Gdn4aEZFI", // 'I' is not base58btc
        "Zdj7WaCPMsy3FP2whSwpFXHjDEaTVmjnddYSn5W2Gdn4aEZFj", // base58flickr is not supported
        "?afybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby", // unknown prefix
        "b", "z", "f01", // no or partial bytes
        "f0270122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e", // version 2
        "f0370122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e", // version 3
        "f0070122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e", // explicit version 0
        "f122146d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e00", // 0x12 0x21: not v0-shaped
    })
    void rejectsInvalidText(String text) {
        assertThrows(CidFormatException.class, () -> Cid.parse(text));
    }

    @Test
    void rejectsNullText() {
        assertThrows(CidFormatException.class, () -> Cid.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "01", "0170", "017012", "01701220", // truncated v1
        "0170122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c", // digest one byte short
        "1220", "122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c", // truncated v0
        "122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e00", // v0 with a trailing byte
        "02701220" + "0000000000000000000000000000000000000000000000000000000000000000", // version 2
        "8101701220" + "0000000000000000000000000000000000000000000000000000000000000000", // non-minimal version
        "0180", "01ffffffffffffffffff01", // truncated or over-long codec varint
        "017012ffffffffffffffff7f", // hostile digest length
    })
    void rejectsInvalidBytes(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(CidFormatException.class, () -> Cid.fromBytes(bytes));
    }

    @Test
    void readsConsecutiveCids() {
        Cid v0 = Cid.parse(HELLO_V0);
        Cid v1 = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
        ByteBuffer buf = ByteBuffer.allocate(v0.byteLength() + v1.byteLength() * 2);
        buf.put(v0.toBytes()).put(v1.toBytes()).put(v0.toV1().toBytes()).flip();
        assertEquals(v0, Cid.read(buf));
        assertEquals(v1, Cid.read(buf));
        assertEquals(v0.toV1(), Cid.read(buf));
        assertTrue(!buf.hasRemaining());
    }

    @Test
    void constructionRules() {
        Multihash blake = Multihash.digest(HashFunction.BLAKE3, new byte[0]);
        assertThrows(CidFormatException.class, () -> Cid.v0(blake));
        assertThrows(IllegalArgumentException.class, () -> Cid.of(0, Multicodec.RAW, HashFunction.SHA2_256,
                new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Cid.of(2, Multicodec.RAW, HashFunction.SHA2_256,
                new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Cid.parse(HELLO_V0).toString(Multibase.BASE32));
        assertEquals(HELLO_V0, Cid.parse(HELLO_V0).toString(Multibase.BASE58_BTC));
    }

    @Test
    void ordersByBytes() {
        Cid v0 = Cid.parse(HELLO_V0);
        Cid v1 = v0.toV1();
        // 0x01 (v1) sorts before 0x12 (v0)
        assertTrue(v1.compareTo(v0) < 0);
        List<Cid> sorted = new java.util.ArrayList<>(List.of(v0, v1));
        java.util.Collections.sort(sorted);
        assertEquals(List.of(v1, v0), sorted);
    }

    // ---- properties

    @Provide
    Arbitrary<Cid> v1Cids() {
        Arbitrary<Long> codec = Arbitraries.oneOf(
                Arbitraries.of(Multicodec.values()).map(Multicodec::code),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<Multihash> mh = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of(0x00L, 0x12L, 0x13L, 0x1eL),
                                Arbitraries.longs().between(0, Long.MAX_VALUE)),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as(Multihash::of);
        return Combinators.combine(codec, mh).as(Cid::v1);
    }

    @Provide
    Arbitrary<Cid> v0Cids() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(d -> Cid.v0(Multihash.of(0x12, d)));
    }

    @Property
    void v1RoundTripsInEveryBase(@ForAll("v1Cids") Cid cid) {
        assertEquals(cid, Cid.fromBytes(cid.toBytes()));
        assertEquals(cid, Cid.parse(cid.toString()));
        for (Multibase base : Multibase.values()) {
            assertEquals(cid, Cid.parse(cid.toString(base)), base.multibaseName());
        }
        assertEquals(cid.hashCode(), Cid.fromBytes(cid.toBytes()).hashCode());
    }

    @Property
    void v0RoundTripsAndConverts(@ForAll("v0Cids") Cid cid) {
        String text = cid.toString();
        assertEquals(46, text.length());
        assertTrue(text.startsWith("Qm"));
        assertEquals(cid, Cid.parse(text));
        assertEquals(cid, Cid.fromBytes(cid.toBytes()));
        assertEquals(cid, cid.toV1().toV0());
        assertEquals(cid.toV1(), Cid.parse(cid.toV1().toString()));
        assertArrayEquals(cid.multihash().toBytes(), cid.toBytes());
    }

    @Property(tries = 3000)
    void arbitraryBytesRaiseOnlyTypedErrors(@ForAll @Size(max = 80) byte[] bytes) {
        Cid cid;
        try {
            cid = Cid.fromBytes(bytes);
        } catch (CidFormatException expected) {
            return;
        }
        assertArrayEquals(bytes, cid.toBytes());
    }

    @Property(tries = 2000)
    void mutatedBytesRaiseOnlyTypedErrors(@ForAll("v1Cids") Cid cid, @ForAll @IntRange(min = 0, max = 500) int at,
            @ForAll byte x) {
        byte[] bytes = cid.toBytes();
        bytes[at % bytes.length] ^= (byte) (x == 0 ? 0x80 : x);
        byte[] cut = java.util.Arrays.copyOf(bytes, at % (bytes.length + 1));
        for (byte[] b : List.of(bytes, cut)) {
            try {
                assertArrayEquals(b, Cid.fromBytes(b).toBytes());
            } catch (CidFormatException expected) {
                // the typed error is the only allowed failure
            }
        }
    }

    @Property(tries = 2000)
    void arbitraryStringsRaiseOnlyTypedErrors(@ForAll String text) {
        parseOrTypedError(text);
    }

    @Property(tries = 3000)
    void cidLikeStringsRaiseOnlyTypedErrors(@ForAll("cidLikeText") String text) {
        parseOrTypedError(text);
    }

    private static void parseOrTypedError(String text) {
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (CidFormatException expected) {
            return;
        }
        assertEquals(cid, Cid.parse(cid.toString()));
    }

    /** Multibase prefixes and "Qm" followed by alphabet characters, so that parsing gets past the first checks. */
    @Provide
    Arbitrary<String> cidLikeText() {
        Arbitrary<String> prefix = Arbitraries.of("b", "B", "k", "K", "z", "f", "F", "m", "M", "u", "U", "Qm", "bafy",
                "bafk", "f0170", "f1220", "zdj7", "");
        Arbitrary<String> body = Arbitraries.strings()
                .withChars("0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ=+/_-lIO")
                .ofMaxLength(80);
        return Combinators.combine(prefix, body).as((p, b) -> p + b);
    }
}
