package io.cairn.testnet.sim;

import io.cairn.network.dht.Key;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Items sorted by their point in the keyspace, so that "every item whose key shares exactly {@code cpl} leading bits
 * with x" — the content of x's bucket {@code cpl} — is one contiguous range found by two binary searches: those keys
 * share x's first {@code cpl} bits and differ at bit {@code cpl}.
 *
 * @param <T> the items
 */
final class KeyspaceIndex<T> {
    private final Key[] keys;
    private final T[] items;

    @SuppressWarnings("unchecked")
    KeyspaceIndex(List<T> items, Function<T, Key> keyOf) {
        // Each key is computed once (it may be a hash), then the positions are sorted by it.
        Key[] unsorted = new Key[items.size()];
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < unsorted.length; i++) {
            unsorted[i] = keyOf.apply(items.get(i));
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> unsorted[a].compareTo(unsorted[b]));
        this.items = (T[]) new Object[order.length];
        this.keys = new Key[order.length];
        for (int i = 0; i < order.length; i++) {
            this.items[i] = items.get(order[i]);
            this.keys[i] = unsorted[order[i]];
        }
    }

    int size() {
        return keys.length;
    }

    T item(int i) {
        return items[i];
    }

    /** {@code [from, to)} of the items in bucket {@code cpl} of {@code x}: first cpl bits equal, bit cpl different. */
    int[] bucketRange(Key x, int cpl) {
        return prefixRange(x, cpl, true);
    }

    /** {@code [from, to)} of the items sharing the first {@code bits} bits with {@code x} (x itself included). */
    int[] sharedPrefixRange(Key x, int bits) {
        return prefixRange(x, bits, false);
    }

    private int[] prefixRange(Key x, int bits, boolean flipNext) {
        byte[] lo = x.toBytes();
        byte[] hi = x.toBytes();
        int keep = flipNext ? bits + 1 : bits;
        if (flipNext) {
            lo[bits >> 3] ^= (byte) (0x80 >>> (bits & 7));
            hi[bits >> 3] = lo[bits >> 3];
        }
        for (int i = keep; i < Key.BITS; i++) {
            int mask = 0x80 >>> (i & 7);
            lo[i >> 3] &= (byte) ~mask;
            hi[i >> 3] |= (byte) mask;
        }
        return new int[] {lowerBound(Key.fromHash(lo)), upperBound(Key.fromHash(hi))};
    }

    private int lowerBound(Key k) {
        int a = 0;
        int b = keys.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (keys[m].compareTo(k) < 0) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    private int upperBound(Key k) {
        int a = 0;
        int b = keys.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (keys[m].compareTo(k) <= 0) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }
}
