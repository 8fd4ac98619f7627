package io.cairn.core.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The multibase spec's test vectors (multiformats/multibase tests/*.csv) for every base Cairn supports, the
 * multihash README's examples, and round-trip and typed-error properties.
 */
class MultibaseTest {
    private static final byte[] YES_MANI = "yes mani !".getBytes(StandardCharsets.US_ASCII);

    private static byte[] withLeadingZeros(int zeros) {
        byte[] out = new byte[zeros + YES_MANI.length];
        System.arraycopy(YES_MANI, 0, out, zeros, YES_MANI.length);
        return out;
    }

    /** tests/basic.csv, leading_zero.csv and two_leading_zeros.csv: encoding must produce exactly these. */
    @ParameterizedTest
    @CsvSource({
        "0, base16, f796573206d616e692021",
        "0, base16upper, F796573206D616E692021",
        "0, base32, bpfsxgidnmfxgsibb",
        "0, base32upper, BPFSXGIDNMFXGSIBB",
        "0, base36, k2lcpzo5yikidynfl",
        "0, base36upper, K2LCPZO5YIKIDYNFL",
        "0, base58btc, z7paNL19xttacUY",
        "0, base64, meWVzIG1hbmkgIQ",
        "0, base64pad, MeWVzIG1hbmkgIQ==",
        "0, base64url, ueWVzIG1hbmkgIQ",
        "0, base64urlpad, UeWVzIG1hbmkgIQ==",
        "1, base16, f00796573206d616e692021",
        "1, base16upper, F00796573206D616E692021",
        "1, base32, bab4wk4zanvqw42jaee",
        "1, base32upper, BAB4WK4ZANVQW42JAEE",
        "1, base36, k02lcpzo5yikidynfl",
        "1, base36upper, K02LCPZO5YIKIDYNFL",
        "1, base58btc, z17paNL19xttacUY",
        "1, base64, mAHllcyBtYW5pICE",
        "1, base64pad, MAHllcyBtYW5pICE=",
        "1, base64url, uAHllcyBtYW5pICE",
        "1, base64urlpad, UAHllcyBtYW5pICE=",
        "2, base16, f0000796573206d616e692021",
        "2, base16upper, F0000796573206D616E692021",
        "2, base32, baaahszltebwwc3tjeaqq",
        "2, base32upper, BAAAHSZLTEBWWC3TJEAQQ",
        "2, base36, k002lcpzo5yikidynfl",
        "2, base36upper, K002LCPZO5YIKIDYNFL",
        "2, base58btc, z117paNL19xttacUY",
        "2, base64, mAAB5ZXMgbWFuaSAh",
        "2, base64pad, MAAB5ZXMgbWFuaSAh",
        "2, base64url, uAAB5ZXMgbWFuaSAh",
        "2, base64urlpad, UAAB5ZXMgbWFuaSAh",
    })
    void specVectors(int leadingZeros, String name, String encoded) {
        byte[] data = withLeadingZeros(leadingZeros);
        Multibase base = Multibase.forName(name);
        assertEquals(encoded, base.encode(data));
        assertArrayEquals(data, Multibase.decode(encoded));
        assertEquals(base, Multibase.forPrefix(encoded.charAt(0)));
        assertEquals(encoded.substring(1), base.encodeRaw(data));
        assertArrayEquals(data, base.decodeRaw(encoded.substring(1)));
    }

    /** tests/case_insensitivity.csv: "Differently cased than expected, must decode without errors". */
    @ParameterizedTest
    @ValueSource(strings = {
        "f68656c6c6f20776F726C64",
        "F68656c6c6f20776F726C64",
        "bnbswy3dpeB3W64TMMQ",
        "Bnbswy3dpeB3W64TMMQ",
        "kfUvrsIvVnfRbjWaJo",
        "KfUVrSIVVnFRbJWAJo",
    })
    void specCaseInsensitiveVectors(String encoded) {
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), Multibase.decode(encoded));
    }

    /** multihash README: sha2-256("multihash") in hex, base58 and (padded) base64. */
    @Test
    void multihashReadmeExamples() {
        byte[] mh = HexFormat.of().parseHex("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47");
        assertEquals("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk", Multibase.BASE58_BTC.encodeRaw(mh));
        assertEquals("EiCcvAfD+ZFyWDajqipYHKICkZiqQgudmbwOEx2fPiy+Rw==", Multibase.BASE64_PAD.encodeRaw(mh));
        assertArrayEquals(mh, Multibase.BASE64_PAD.decodeRaw("EiCcvAfD+ZFyWDajqipYHKICkZiqQgudmbwOEx2fPiy+Rw=="));
        // the README's base32 form is padded upper case; the unpadded multibase form is its prefix
        assertEquals("CIQJZPAHYP4ZC4SYG2R2UKSYDSRAFEMYVJBAXHMZXQHBGHM7HYWL4RY",
                Multibase.BASE32_UPPER.encodeRaw(mh));
    }

    @Test
    void namesAndPrefixes() {
        assertEquals(Multibase.BASE32, Multibase.forPrefix('b'));
        assertEquals(Multibase.BASE58_BTC, Multibase.forName("base58btc"));
        assertEquals('z', Multibase.BASE58_BTC.prefix());
        assertEquals("base64urlpad", Multibase.BASE64_URL_PAD.multibaseName());
        assertThrows(MultibaseFormatException.class, () -> Multibase.forName("base58flickr"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "Z7Pznk19XTTzBtx", "9573277761329450583662625", "vf5in683dc5n6i811", // unsupported bases (spec vectors)
        "\ud83d\ude80\ud83c\udfc3", // base256emoji is not supported
        "f7", "f796573206d616e69202", // base16 odd length
        "f79657g", // base16 bad character
        "b1", "bpfsxgidnmfxgsibb1", "bpfsxgidnmfxgsi8", // base32: impossible lengths and bad characters
        "bab", "bpfsxgidnmfxgsib", // base32 non-zero trailing bits
        "cpfsxgidnmfxgsibb", // base32pad is not supported
        "z7paNL19xttacU0", "z7paNL19xttacUl", "z7paNL19xttacUI", "z7paNL19xttacUO", // not in base58btc
        "k2lcpzo5yikidyn-l", // base36 bad character
        "meWVzIG1hbmkgIQ==", // padding in unpadded base64
        "MeWVzIG1hbmkgIQ", // missing padding in base64pad
        "meWVzIG1hbmkgIR", // base64 non-zero trailing bits
        "meWVzIG1hbmkgI", "ueWVz_G1hbmkgIQ+", "meWVz_G1hbmkgIQ", "ueWVzIG1hbmkgIQ/", // bad length or alphabet
        // the Kelvin sign lower-cases to ASCII 'k' but is not in the alphabet
        "k\u212a", "b\u212a", "K\u212a", "B\u212aA", "F\u212a0",
    })
    void rejectsInvalidText(String text) {
        assertThrows(MultibaseFormatException.class, () -> Multibase.decode(text));
    }

    @Test
    void rejectsNull() {
        assertThrows(MultibaseFormatException.class, () -> Multibase.decode(null));
    }

    @ParameterizedTest
    @EnumSource(Multibase.class)
    void emptyAndZeroInputs(Multibase base) {
        assertArrayEquals(new byte[0], Multibase.decode(base.encode(new byte[0])));
        for (int n = 1; n <= 4; n++) {
            byte[] zeros = new byte[n];
            assertArrayEquals(zeros, Multibase.decode(base.encode(zeros)));
        }
    }

    @Property(tries = 300)
    void everyBaseRoundTripsArbitraryBytes(@ForAll("bytesWithLeadingZeros") byte[] data) {
        for (Multibase base : Multibase.values()) {
            String text = base.encode(data);
            assertEquals(base.prefix(), text.charAt(0));
            assertArrayEquals(data, Multibase.decode(text), base.multibaseName());
            assertArrayEquals(data, base.decodeRaw(base.encodeRaw(data)), base.multibaseName());
        }
    }

    @Provide
    Arbitrary<byte[]> bytesWithLeadingZeros() {
        return Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(80))
                .as((zeros, rest) -> {
                    byte[] out = new byte[zeros + rest.length];
                    System.arraycopy(rest, 0, out, zeros, rest.length);
                    return out;
                });
    }

    /**
     * Arbitrary text decodes or raises MultibaseFormatException; what decodes is the canonical encoding up to the
     * letter case that base16/32/36 ignore.
     */
    @Property(tries = 3000)
    void arbitraryTextRaisesOnlyTypedErrors(@ForAll("multibaseLikeText") String text) {
        byte[] decoded;
        try {
            decoded = Multibase.decode(text);
        } catch (MultibaseFormatException expected) {
            return;
        }
        Multibase base = Multibase.forPrefix(text.charAt(0));
        String again = base.encode(decoded);
        boolean caseFree = Arrays.asList(Multibase.BASE16, Multibase.BASE16_UPPER, Multibase.BASE32,
                Multibase.BASE32_UPPER, Multibase.BASE36, Multibase.BASE36_UPPER).contains(base);
        if (caseFree) {
            assertEquals(again.substring(1).toLowerCase(Locale.ROOT), text.substring(1).toLowerCase(Locale.ROOT));
        } else {
            assertEquals(again, text);
        }
    }

    @Property(tries = 1000)
    void arbitraryStringsRaiseOnlyTypedErrors(@ForAll String text) {
        try {
            Multibase.decode(text);
        } catch (MultibaseFormatException expected) {
            assertTrue(expected.getMessage() != null);
        }
    }

    /** A known prefix followed by characters mostly from the base alphabets, so that many inputs decode. */
    @Provide
    Arbitrary<String> multibaseLikeText() {
        Arbitrary<Character> prefix = Arbitraries.of('f', 'F', 'b', 'B', 'k', 'K', 'z', 'm', 'M', 'u', 'U', 'Q', '1');
        Arbitrary<String> body = Arbitraries.strings()
                .withChars("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/-_=")
                .withChars('\u212a', '\u0130', '\u00e9').ofMaxLength(40);
        return Combinators.combine(prefix, body).as((p, b) -> p + b);
    }
}
