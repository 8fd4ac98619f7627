package io.cairn.core.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Murmur3Test {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The known-value table Guava's Murmur3Hash128Test publishes (also used by Elasticsearch and Spark). */
    @ParameterizedTest
    @CsvSource({
        "0, 629942693e10f867, 92db0b82baeb5347, hell",
        "1, a78ddff5adae8d10, 128900ef20900135, hello",
        "2, 8a486b23f422e826, f962a2c58947765f, 'hello '",
        "3, 2ea59f466f6bed8c, c610990acc428a17, hello w",
        "4, 79f6305a386c572c, 46305aed3483b94e, hello wo",
        "5, c2219d213ec1f1b5, a1d8e2e0a52785bd, hello wor",
        "0, e34bbc7bbc071b6c, 7a433ca9c49a9347, The quick brown fox jumps over the lazy dog",
        "0, 658ca970ff85269a, 43fee3eaa68e5c3e, The quick brown fox jumps over the lazy cog",
    })
    void guavaKnownValues(int seed, String h1, String h2, String input) {
        assertArrayEquals(new long[] {Long.parseUnsignedLong(h1, 16), Long.parseUnsignedLong(h2, 16)},
                Murmur3.hash128x64(utf8(input), seed));
    }

    /**
     * SMHasher's VerificationTest (Appleby's main.cpp) for MurmurHash3_x64_128: hash the keys {0}, {0,1}, ...
     * (key {@code i} is bytes {@code 0..i-1}) with seed {@code 256 - i}, concatenate the 16-byte outputs, hash
     * that with seed 0; the first four output bytes, little-endian, are 0x6384BA69. Covers every tail length.
     */
    @Test
    void smhasherVerificationValue() {
        byte[] key = new byte[256];
        byte[] hashes = new byte[256 * 16];
        for (int i = 0; i < 256; i++) {
            key[i] = (byte) i;
            byte[] k = java.util.Arrays.copyOf(key, i);
            writeLe(Murmur3.hash128x64(k, 256 - i), hashes, i * 16);
        }
        byte[] last = new byte[16];
        writeLe(Murmur3.hash128x64(hashes, 0), last, 0);
        int verification = (last[0] & 0xff) | (last[1] & 0xff) << 8 | (last[2] & 0xff) << 16 | (last[3] & 0xff) << 24;
        assertEquals(0x6384BA69, verification);
    }

    private static void writeLe(long[] h, byte[] out, int o) {
        for (int j = 0; j < 2; j++) {
            for (int b = 0; b < 8; b++) {
                out[o + j * 8 + b] = (byte) (h[j] >>> (8 * b));
            }
        }
    }

    /**
     * {@code murmur364.encode(utf8(name))} of @multiformats/murmur3 2.2.8, the hash ipfs-unixfs-importer 17 shards
     * with (its {@code hamtHashFn} reverses these bytes and hamt-sharding reads them from the end, so the first
     * bits used are the first byte's top bits, as in boxo).
     */
    @ParameterizedTest
    @CsvSource({
        "'', 0000000000000000",
        "a, 85555565f6597889",
        "f0, 71c32c7d816eddc4",
        "f1, d7cc6859fbee2c3c",
        "hello, cbd8a7b341bd9b02",
        "é, c9187aa411d463e8",
        "\uD83D\uDE00, 156db15587e0545c",
        "abcdefghijklmnop, c4ca3ca3224cb723",
    })
    void unixFsHamtHashMatchesJs(String name, String expected) {
        assertEquals(Long.parseUnsignedLong(expected, 16), Murmur3.hamtHash64(utf8(name)));
    }

    /**
     * hamt-sharding 3.0.8's {@code InfiniteHash} with the importer's hash function: successive
     * {@code take(bits)} values, which run past the first 64 bits into the hash of {@code name || 0x01}.
     * (node 24: {@code new InfiniteHash(utf8(name), hamtHashFn)}, then {@code await h.take(bits)} n times.)
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a | 10 | 533, 341, 345, 502, 357, 904, 613, 872",
        "f0 | 8 | 113, 195, 44, 125, 129, 110, 221, 196, 89, 84",
        "\uD83D\uDE00 | 7 | 10, 91, 54, 21, 44, 31, 64, 84, 46, 26, 67",
    })
    void hashBitsContinueLikeHamtSharding(String name, int bits, String expected) {
        HamtShardBuilder.HashBits h = new HamtShardBuilder.HashBits(utf8(name));
        String[] values = expected.split(", ");
        for (int i = 0; i < values.length; i++) {
            assertEquals(Integer.parseInt(values[i]), h.take(i * bits, bits), "take #" + i);
        }
    }
}
