package io.cairn.network.dht;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Lookup targets inside a chosen {@link KeyspaceRegion}. A FIND_NODE is aimed at the SHA-256 of its key bytes, so
 * aiming into a region needs key bytes whose hash starts with the region's prefix: a preimage, found by trying
 * counters. Like go-libp2p-kbucket's table of peer-ID preimages, every 16-bit prefix is found once per process (about
 * 800,000 hashes, a fraction of a second) and kept (256 KiB); deeper prefixes, which only networks of millions of
 * servers need, are searched for on demand up to {@value #MAX_BITS} bits and beyond that aimed at their first
 * {@value #MAX_BITS} bits.
 *
 * <p>A target is shaped as a peer ID (a SHA2-256 multihash: {@code 0x12 0x20} and 32 bytes, the last 8 a counter),
 * so a server that reads a FIND_NODE key as a peer ID accepts it; no real peer has it.
 */
final class PrefixTargets {
    static final int TABLE_BITS = 16;
    static final int MAX_BITS = 22;

    private PrefixTargets() {}

    private static final class Table {
        static final int[] COUNTERS = build();

        private static int[] build() {
            int[] t = new int[1 << TABLE_BITS];
            Arrays.fill(t, -1);
            MessageDigest md = sha256();
            int filled = 0;
            for (int c = 0; filled < t.length; c++) {
                byte[] h = md.digest(bytes(c));
                int top = ((h[0] & 0xFF) << 8) | (h[1] & 0xFF);
                if (t[top] < 0) {
                    t[top] = c;
                    filled++;
                }
            }
            return t;
        }
    }

    /** Key bytes whose {@link Key#of} lies in {@code region} (in its first {@value #MAX_BITS} bits when longer). */
    static byte[] inside(KeyspaceRegion region) {
        int len = region.length();
        if (len <= TABLE_BITS) {
            int index = (int) (region.topBits(len) << (TABLE_BITS - len));
            return bytes(Table.COUNTERS[index]);
        }
        int bits = Math.min(len, MAX_BITS);
        long want = region.topBits(bits);
        MessageDigest md = sha256();
        // Counters past the table's range, so deep targets never repeat a table entry.
        for (long c = 1L << 40; ; c++) {
            byte[] candidate = bytes(c);
            byte[] h = md.digest(candidate);
            long top = (((h[0] & 0xFFL) << 16) | ((h[1] & 0xFFL) << 8) | (h[2] & 0xFFL)) >>> (24 - bits);
            if (top == want) {
                return candidate;
            }
        }
    }

    private static byte[] bytes(long counter) {
        byte[] b = new byte[34];
        b[0] = 0x12;
        b[1] = 0x20;
        for (int i = 0; i < 8; i++) {
            b[33 - i] = (byte) (counter >>> (8 * i));
        }
        return b;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
