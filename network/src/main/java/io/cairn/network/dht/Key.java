package io.cairn.network.dht;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * A point of the kad-dht keyspace: the SHA-256 of a key's bytes (a peer ID's multihash bytes, a provider key's
 * multihash bytes, a record key), held as four big-endian 64-bit words. The distance between two points is their XOR
 * read as an unsigned 256-bit number; {@link #compareTo} orders points (and so distances) that way.
 */
public final class Key implements Comparable<Key> {
    public static final int BITS = 256;

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private Key(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /** The point of the raw key bytes {@code key}: SHA-256 of them, as go's {@code kbucket.ConvertKey}. */
    public static Key of(byte[] key) {
        return fromHash(HashFunction.SHA2_256.digest(key, 0, key.length));
    }

    public static Key forPeer(PeerId peer) {
        return of(peer.toBytes());
    }

    public static Key forMultihash(Multihash multihash) {
        return of(multihash.toBytes());
    }

    /** Wraps 32 bytes that already are a point (a hash), without hashing again. */
    public static Key fromHash(byte[] hash32) {
        if (hash32.length != 32) {
            throw new IllegalArgumentException("a key is 32 bytes, not " + hash32.length);
        }
        return new Key(word(hash32, 0), word(hash32, 8), word(hash32, 16), word(hash32, 24));
    }

    private static long word(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[o + i] & 0xFFL);
        }
        return v;
    }

    public byte[] toBytes() {
        byte[] out = new byte[32];
        long[] w = {w0, w1, w2, w3};
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (w[i >> 3] >>> (56 - 8 * (i & 7)));
        }
        return out;
    }

    /** The XOR distance to {@code other}, itself a 256-bit value. */
    public Key distance(Key other) {
        return new Key(w0 ^ other.w0, w1 ^ other.w1, w2 ^ other.w2, w3 ^ other.w3);
    }

    /** The number of leading bits this point shares with {@code other}: 256 for the same point. */
    public int commonPrefixLength(Key other) {
        return distance(other).leadingZeros();
    }

    /** The number of leading zero bits. */
    public int leadingZeros() {
        if (w0 != 0) {
            return Long.numberOfLeadingZeros(w0);
        }
        if (w1 != 0) {
            return 64 + Long.numberOfLeadingZeros(w1);
        }
        if (w2 != 0) {
            return 128 + Long.numberOfLeadingZeros(w2);
        }
        return 192 + Long.numberOfLeadingZeros(w3);
    }

    /** The bit at {@code index}, 0 being the most significant. */
    public boolean bit(int index) {
        long w = index < 64 ? w0 : index < 128 ? w1 : index < 192 ? w2 : w3;
        return ((w >>> (63 - (index & 63))) & 1) != 0;
    }

    /** Orders points by their XOR distance to {@code target}, nearest first. */
    public static Comparator<Key> byDistanceTo(Key target) {
        return (a, b) -> compareDistance(target, a, b);
    }

    /** Negative when {@code a} is nearer to {@code target} than {@code b}, zero when they are the same point. */
    public static int compareDistance(Key target, Key a, Key b) {
        int c = Long.compareUnsigned(a.w0 ^ target.w0, b.w0 ^ target.w0);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(a.w1 ^ target.w1, b.w1 ^ target.w1);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(a.w2 ^ target.w2, b.w2 ^ target.w2);
        return c != 0 ? c : Long.compareUnsigned(a.w3 ^ target.w3, b.w3 ^ target.w3);
    }

    @Override
    public int compareTo(Key o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(w1, o.w1);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(w2, o.w2);
        return c != 0 ? c : Long.compareUnsigned(w3, o.w3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && w0 == k.w0 && w1 == k.w1 && w2 == k.w2 && w3 == k.w3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w0 ^ w1 ^ w2 ^ w3);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
