package io.cairn.core.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multihash and HashFunction vectors: multiformats/multihash tests/values/test_cases.csv and README, the official
 * BLAKE3 test vectors (BLAKE3-team/BLAKE3 test_vectors.json, first 32 bytes of "hash"), and multihashes computed by
 * js multiformats 14 with @noble/hashes' blake3.
 */
class MultihashTest {
    private static final HexFormat HEX = HexFormat.of();

    /** test_cases.csv rows at full digest length: the input is the ASCII text as written, the multihash is hex. */
    @ParameterizedTest
    @CsvSource({
        "SHA2_256, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, "
                + "1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc17",
        "SHA2_256, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94, "
                + "12203afa34fba2f3572ac56d80f52002e8727dd95f17a2e7c9376a3147a96d3e78ac",
        "SHA2_256, 6c00022ba29d15926c4580332ded091e666f0ec5d9, "
                + "1220ef387c6fea7ab702d470a9432c4cde44199c8d06c6eaa5a1f2c61cfb0b70a97f",
        "SHA2_512, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, "
                + "1340abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350b0f0e511ea6f5043a9f4a7c7886"
                + "f93355652114709d75b2db4c33741124fd4fe",
        "SHA2_512, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94, "
                + "13401c452c7d9f572510fa1a3224e37a3030c8750b3e1763f1ad0d38274b3ea58ca7b4317dd0913250b4b16c9b0f628"
                + "1aa74c42d8d5e72043e0fb214d3ad51d4ee8c",
    })
    void specTestCases(HashFunction f, String input, String multihash) {
        byte[] data = input.getBytes(StandardCharsets.US_ASCII);
        Multihash mh = Multihash.digest(f, data);
        assertEquals(multihash, HEX.formatHex(mh.toBytes()));
        assertEquals(mh, Multihash.fromBytes(HEX.parseHex(multihash)));
        assertTrue(mh.matches(data));
        assertSame(f, mh.function());
        assertEquals(f.code(), mh.code());
        assertEquals(f.digestLength(), mh.digestLength());
        mh.requireAllowed();
    }

    /** test_cases.csv rows with truncated digests parse, but are not accepted from outside for sha2. */
    @ParameterizedTest
    @ValueSource(strings = {"120affb31f07aa15348368c9", "1214ffb31f07aa15348368c90c73a834dbf9f8710365",
        "130aabffa1926b038a2f1833"})
    void truncatedSha2DigestsAreNotAllowed(String hex) {
        Multihash mh = Multihash.fromBytes(HEX.parseHex(hex));
        assertThrows(MultihashFormatException.class, mh::requireAllowed);
        // the digest is a prefix of the input's full hash, but sha2 digests must be full length
        assertFalse(mh.matches("431fb5d4c9b735ba1a34d0df045118806ae2336f2c".getBytes(StandardCharsets.US_ASCII)));
    }

    /** multihash README: sha2-256("multihash"). */
    @Test
    void readmeExample() {
        Multihash mh = Multihash.digest(HashFunction.SHA2_256, "multihash".getBytes(StandardCharsets.US_ASCII));
        assertEquals("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47",
                HEX.formatHex(mh.toBytes()));
        assertEquals("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk", mh.toString());
        assertEquals(mh, Multihash.parse("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk"));
    }

    /** BLAKE3 official vectors: input of n bytes 0, 1, ..., 250, 0, 1, ...; default 32-byte output. */
    @ParameterizedTest
    @CsvSource({
        "0, af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        "1, 2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
        "1023, 10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11",
        "1024, 42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7",
        "1025, d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444",
        "2048, e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a",
        "8192, aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63",
    })
    void blake3Vectors(int length, String hash) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i % 251);
        }
        Multihash mh = Multihash.digest(HashFunction.BLAKE3, data);
        assertEquals("1e20" + hash, HEX.formatHex(mh.toBytes()));
        assertTrue(mh.matches(data));
        // a 20-byte blake3 digest (the shortest accepted) is the prefix of the XOF output and verifies too
        Multihash truncated = Multihash.of(HashFunction.BLAKE3.code(), Arrays.copyOf(mh.digest(), 20));
        truncated.requireAllowed();
        assertTrue(truncated.matches(data));
        byte[] other = Arrays.copyOf(data, length + 1);
        assertFalse(mh.matches(other));
        assertFalse(truncated.matches(other));
    }

    /** js multiformats + @noble/hashes: blake3("hello world") and the identity multihash of "hello world". */
    @Test
    void jsMultiformatsVectors() {
        byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
        assertEquals("1e20d74981efa70a0c880b8d8c1985d075dbcbf679b99a5f9914e5aaf96b831a9e24",
                HEX.formatHex(Multihash.digest(HashFunction.BLAKE3, hello).toBytes()));
        Multihash id = Multihash.digest(HashFunction.IDENTITY, hello);
        assertEquals("000b68656c6c6f20776f726c64", HEX.formatHex(id.toBytes()));
        assertTrue(id.matches(hello));
        assertFalse(id.matches("hello worle".getBytes(StandardCharsets.US_ASCII)));
        id.requireAllowed();
    }

    @Test
    void hashFunctionTable() {
        assertEquals(0x12, HashFunction.SHA2_256.code());
        assertEquals(0x13, HashFunction.SHA2_512.code());
        assertEquals(0x1e, HashFunction.BLAKE3.code());
        assertEquals(0x00, HashFunction.IDENTITY.code());
        assertEquals("sha2-256", HashFunction.SHA2_256.hashName());
        assertEquals("blake3", HashFunction.BLAKE3.hashName());
        assertSame(HashFunction.BLAKE3, HashFunction.forName("blake3"));
        assertSame(HashFunction.SHA2_512, HashFunction.forCode(0x13));
        assertNull(HashFunction.forCode(0x11));
        assertThrows(IllegalArgumentException.class, () -> HashFunction.forName("md5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "12", "1220", "122000", // truncated header or digest
        "1221" + "00000000000000000000000000000000000000000000000000000000000000", // says 33 bytes, has 31
        "12200000000000000000000000000000000000000000000000000000000000000000ff", // one trailing byte
        "928000", // non-minimal varint code
        "12ffffffffffffffff7f00", // hostile length prefix
        "ffffffffffffffffff0100", // 10-byte varint code
    })
    void rejectsMalformedBytes(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(MultihashFormatException.class, () -> Multihash.fromBytes(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBl", "QmYtUc4iTCbbfVSDNKvtQqrfyezPP",
        "QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBkk"})
    void rejectsMalformedText(String text) {
        assertThrows(MultihashFormatException.class, () -> Multihash.parse(text));
    }

    @Test
    void requireAllowedPolicy() {
        assertThrows(MultihashFormatException.class,
                () -> Multihash.of(0x11, new byte[20]).requireAllowed(), "sha1 is not computed by Cairn");
        assertThrows(MultihashFormatException.class,
                () -> Multihash.of(HashFunction.BLAKE3.code(), new byte[19]).requireAllowed());
        assertThrows(MultihashFormatException.class,
                () -> Multihash.of(HashFunction.BLAKE3.code(), new byte[33]).requireAllowed());
        Multihash.of(0x00, new byte[HashFunction.MAX_IDENTITY_DIGEST]).requireAllowed();
        assertThrows(MultihashFormatException.class,
                () -> Multihash.of(0x00, new byte[HashFunction.MAX_IDENTITY_DIGEST + 1]).requireAllowed());
        assertThrows(MultihashFormatException.class, () -> Multihash.of(0x11, new byte[20]).matches(new byte[0]));
    }

    @Test
    void readsConsecutiveMultihashes() {
        byte[] a = Multihash.digest(HashFunction.SHA2_256, new byte[] {1}).toBytes();
        byte[] b = Multihash.digest(HashFunction.BLAKE3, new byte[] {2}).toBytes();
        ByteBuffer buf = ByteBuffer.allocate(a.length + b.length).put(a).put(b).flip();
        assertArrayEquals(a, Multihash.read(buf).toBytes());
        assertArrayEquals(b, Multihash.read(buf).toBytes());
        assertFalse(buf.hasRemaining());
    }

    @Test
    void valuesAreDefensiveCopies() {
        byte[] digest = new byte[32];
        Multihash mh = Multihash.of(0x12, digest);
        digest[0] = 1;
        mh.digest()[1] = 1;
        mh.toBytes()[2] = 1;
        assertEquals(Multihash.of(0x12, new byte[32]), mh);
    }

    @Property
    void binaryAndTextRoundTrip(@ForAll("multihashes") Multihash mh) {
        assertEquals(mh, Multihash.fromBytes(mh.toBytes()));
        assertEquals(mh, Multihash.parse(mh.toString()));
        assertEquals(mh.hashCode(), Multihash.fromBytes(mh.toBytes()).hashCode());
        assertEquals(0, mh.compareTo(Multihash.fromBytes(mh.toBytes())));
        assertEquals(mh.byteLength(), mh.toBytes().length);
    }

    @Provide
    Arbitrary<Multihash> multihashes() {
        return Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of(0L, 0x12L, 0x13L, 0x1eL), Arbitraries.longs()
                                .between(0, Long.MAX_VALUE)),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as(Multihash::of);
    }

    @ParameterizedTest
    @EnumSource(HashFunction.class)
    void everyFunctionVerifiesItsOwnDigest(HashFunction f) {
        byte[] data = "cairn".getBytes(StandardCharsets.US_ASCII);
        Multihash mh = Multihash.digest(f, data);
        assertTrue(mh.matches(data));
        assertFalse(mh.matches("cairm".getBytes(StandardCharsets.US_ASCII)));
        mh.requireAllowed();
    }

    @Property
    void digestsMatchTheirData(@ForAll("functions") HashFunction f, @ForAll @Size(max = 300) byte[] data) {
        Multihash mh = Multihash.digest(f, data);
        assertTrue(mh.matches(data));
        assertEquals(mh, Multihash.fromBytes(mh.toBytes()));
    }

    @Provide
    Arbitrary<HashFunction> functions() {
        return Arbitraries.of(HashFunction.class);
    }

    @Property(tries = 3000)
    void arbitraryBytesRaiseOnlyTypedErrors(@ForAll @Size(max = 48) byte[] bytes) {
        Multihash mh;
        try {
            mh = Multihash.fromBytes(bytes);
        } catch (MultihashFormatException expected) {
            return;
        }
        assertArrayEquals(bytes, mh.toBytes());
    }

    @Property(tries = 2000)
    void arbitraryStringsRaiseOnlyTypedErrors(@ForAll String text) {
        Multihash mh;
        try {
            mh = Multihash.parse(text);
        } catch (MultihashFormatException expected) {
            return;
        }
        assertEquals(text, mh.toString());
    }
}
