package io.cairn.core.unixfs;

/**
 * MurmurHash3 x64 128-bit (Austin Appleby's {@code MurmurHash3_x64_128}), and the 64-bit value UnixFS HAMTs use.
 *
 * <p>The HAMT's multihash {@code murmur3-x64-64} (0x22) is the first 64-bit half, {@code h1}, of the 128-bit hash
 * with seed 0. Kubo (boxo, via spaolacci/murmur3 {@code New64().Sum}) writes {@code h1} big-endian and consumes bits
 * from the first byte, most significant bit first; ipfs-unixfs-importer takes the big-endian {@code h1} bytes,
 * reverses them, and hamt-sharding consumes from the last byte, most significant bit first. Both therefore read
 * {@code h1} from its most significant bit down, which is what {@link #hamtHash64(byte[])} returns as a
 * {@code long}.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    /** {@code h1} of the x64 128-bit hash with seed 0: the UnixFS HAMT hash of a name's UTF-8 bytes. */
    static long hamtHash64(byte[] data) {
        return hash128x64(data, 0)[0];
    }

    /**
     * The x64 128-bit hash as {@code {h1, h2}}; the reference implementation's 16 output bytes are {@code h1} then
     * {@code h2}, each little-endian.
     *
     * @param seed treated as unsigned 32 bits, as in the reference
     */
    static long[] hash128x64(byte[] data, int seed) {
        long h1 = Integer.toUnsignedLong(seed);
        long h2 = h1;
        int len = data.length;
        int blocks = len / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = readLongLe(data, i * 16);
            long k2 = readLongLe(data, i * 16 + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int rem = len & 15;
        long k1 = 0;
        long k2 = 0;
        // Bytes 8..14 of the tail go to k2 and 0..7 to k1, each little-endian, as the reference's fall-through switch.
        for (int i = rem - 1; i >= 8; i--) {
            k2 |= (data[tail + i] & 0xffL) << ((i - 8) * 8);
        }
        for (int i = Math.min(rem, 8) - 1; i >= 0; i--) {
            k1 |= (data[tail + i] & 0xffL) << (i * 8);
        }
        if (rem > 8) {
            h2 ^= mixK2(k2);
        }
        if (rem > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long readLongLe(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[o + i] & 0xffL);
        }
        return v;
    }
}
