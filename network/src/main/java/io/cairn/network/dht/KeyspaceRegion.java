package io.cairn.network.dht;

import java.util.Objects;

/**
 * A region of the kad-dht keyspace: every {@link Key} that starts with a given bit prefix (0 to 256 bits). The empty
 * prefix is the whole keyspace. Regions are the unit of the sweep provider: one walk finds every DHT server in a
 * region, and the k nearest servers of any key inside a region that holds at least k servers all lie inside it (XOR
 * distance: a point sharing the prefix is nearer than any point that does not).
 *
 * <p>Ordered as the keyspace is: by first point, then shorter (enclosing) regions first; two disjoint regions are
 * therefore ordered as their points are. Immutable; bits past the prefix are zero.
 */
public final class KeyspaceRegion implements Comparable<KeyspaceRegion> {
    private static final KeyspaceRegion ROOT = new KeyspaceRegion(Key.fromHash(new byte[32]), 0);

    private final Key first;
    private final int length;

    private KeyspaceRegion(Key first, int length) {
        this.first = first;
        this.length = length;
    }

    /** The whole keyspace. */
    public static KeyspaceRegion root() {
        return ROOT;
    }

    /** The region of the first {@code length} bits of {@code point}. */
    public static KeyspaceRegion of(Key point, int length) {
        Objects.checkIndex(length, Key.BITS + 1);
        if (length == 0) {
            return ROOT;
        }
        return new KeyspaceRegion(mask(point.toBytes(), length, false), length);
    }

    private static Key mask(byte[] b, int length, boolean ones) {
        for (int i = length; i < Key.BITS; i++) {
            if (ones) {
                b[i >> 3] |= (byte) (0x80 >>> (i & 7));
            } else {
                b[i >> 3] &= (byte) ~(0x80 >>> (i & 7));
            }
        }
        return Key.fromHash(b);
    }

    /** The prefix length in bits. */
    public int length() {
        return length;
    }

    /** The lowest point of the region (the prefix followed by zeros). */
    public Key first() {
        return first;
    }

    /** The highest point of the region (the prefix followed by ones). */
    public Key last() {
        return mask(first.toBytes(), length, true);
    }

    /** Bit {@code index} of the prefix, 0 the most significant; {@code index < length()}. */
    public boolean bit(int index) {
        Objects.checkIndex(index, length);
        return first.bit(index);
    }

    public boolean contains(Key point) {
        return length == 0 || first.commonPrefixLength(point) >= length;
    }

    /** Whether {@code other} lies inside this region (a region contains itself). */
    public boolean contains(KeyspaceRegion other) {
        return other.length >= length && contains(other.first);
    }

    public boolean overlaps(KeyspaceRegion other) {
        return contains(other) || other.contains(this);
    }

    /** The half of this region whose next bit is {@code one}. */
    public KeyspaceRegion child(boolean one) {
        if (length == Key.BITS) {
            throw new IllegalStateException("a 256-bit region is a single point");
        }
        byte[] b = first.toBytes();
        if (one) {
            b[length >> 3] |= (byte) (0x80 >>> (length & 7));
        }
        return new KeyspaceRegion(Key.fromHash(b), length + 1);
    }

    /** The enclosing region one bit shorter. */
    public KeyspaceRegion parent() {
        if (length == 0) {
            throw new IllegalStateException("the root region has no parent");
        }
        return of(first, length - 1);
    }

    /** The other half of {@link #parent()}. */
    public KeyspaceRegion sibling() {
        return parent().child(!bit(length - 1));
    }

    /**
     * The first {@code bits} bits of the prefix as an unsigned number, {@code bits <= min(length, 62)}: where the
     * region falls in keyspace order at that resolution.
     */
    long topBits(int bits) {
        if (bits < 0 || bits > Math.min(length, 62)) {
            throw new IllegalArgumentException("bits " + bits + " of a " + length + "-bit region");
        }
        long v = 0;
        for (int i = 0; i < bits; i++) {
            v = (v << 1) | (first.bit(i) ? 1 : 0);
        }
        return v;
    }

    /** The prefix as bytes, {@code ceil(length / 8)} of them, bits past the prefix zero. */
    byte[] prefixBytes() {
        byte[] all = first.toBytes();
        byte[] out = new byte[(length + 7) / 8];
        System.arraycopy(all, 0, out, 0, out.length);
        return out;
    }

    /** The region of {@code length} bits read from {@code prefix}; bits past the prefix must be zero. */
    static KeyspaceRegion fromPrefixBytes(byte[] prefix, int length) {
        if (length < 0 || length > Key.BITS || prefix.length != (length + 7) / 8) {
            throw new IllegalArgumentException("prefix of " + prefix.length + " bytes for " + length + " bits");
        }
        byte[] b = new byte[32];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        KeyspaceRegion r = of(Key.fromHash(b), length);
        if (!r.first.equals(Key.fromHash(b))) {
            throw new IllegalArgumentException("bits set past the prefix");
        }
        return r;
    }

    @Override
    public int compareTo(KeyspaceRegion o) {
        int c = first.compareTo(o.first);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyspaceRegion r && length == r.length && first.equals(r.first);
    }

    @Override
    public int hashCode() {
        return first.hashCode() * 31 + length;
    }

    /** The prefix as a bit string, e.g. {@code 0110}; the root is the empty string. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(first.bit(i) ? '1' : '0');
        }
        return sb.toString();
    }
}
