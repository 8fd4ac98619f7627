package io.cairn.storage.providers;

import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.peer.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte layout of the provider database (docs/storage-design.md, "Provider records").
 *
 * <ul>
 *   <li>{@code records}: key = varint(length of the multihash) ‖ multihash ‖ peer ID bytes, so all providers of a
 *       key share one prefix and the length makes a prefix never match a longer key; value = announced-at (8 bytes
 *       big-endian) ‖ sequence number (8) ‖ varint(address count) ‖ (varint(length) ‖ multiaddr bytes)*.</li>
 *   <li>{@code expiry}: key = announced-at with its sign bit flipped (8 bytes big-endian, so unsigned byte order is
 *       time order) ‖ sequence number (8); value = the record's key. Exactly one entry per record.</li>
 * </ul>
 * The sequence number grows with every announcement (a refresh takes a new one), so the smallest one of a key is
 * its stalest announcement, even when the caller's clock stands still or goes back.
 */
final class ProviderEncoding {
    static final int INDEX_KEY_BYTES = 16;
    private static final int HEAD_BYTES = 16;

    private ProviderEncoding() {}

    static byte[] keyPrefix(Multihash key) {
        byte[] mh = key.toBytes();
        byte[] out = new byte[Varint.size(mh.length) + mh.length];
        int at = Varint.write(mh.length, out, 0);
        System.arraycopy(mh, 0, out, at, mh.length);
        return out;
    }

    static byte[] recordKey(byte[] prefix, PeerId peer) {
        byte[] id = peer.toBytes();
        byte[] out = Arrays.copyOf(prefix, prefix.length + id.length);
        System.arraycopy(id, 0, out, prefix.length, id.length);
        return out;
    }

    /** Length of the key prefix at the start of a record key. */
    static int prefixLength(byte[] recordKey) {
        long mhLength = Varint.decode(recordKey, 0);
        int length = Varint.size(mhLength) + (int) mhLength;
        if (mhLength > recordKey.length || length > recordKey.length) {
            throw new IllegalStateException("record key shorter than its own length prefix");
        }
        return length;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static PeerId peerOf(byte[] recordKey, int prefixLength) {
        return PeerId.fromBytes(Arrays.copyOfRange(recordKey, prefixLength, recordKey.length));
    }

    static byte[] indexKey(long addedAt, long seq) {
        return ByteBuffer.allocate(INDEX_KEY_BYTES).putLong(addedAt ^ Long.MIN_VALUE).putLong(seq).array();
    }

    static long indexAddedAt(byte[] indexKey) {
        return ByteBuffer.wrap(indexKey).getLong(0) ^ Long.MIN_VALUE;
    }

    static byte[] value(long addedAt, long seq, List<Multiaddr> addresses) {
        int size = HEAD_BYTES + Varint.size(addresses.size());
        List<byte[]> encoded = new ArrayList<>(addresses.size());
        for (Multiaddr a : addresses) {
            byte[] b = a.toBytes();
            encoded.add(b);
            size += Varint.size(b.length) + b.length;
        }
        byte[] out = new byte[size];
        ByteBuffer.wrap(out).putLong(addedAt).putLong(seq);
        int at = Varint.write(addresses.size(), out, HEAD_BYTES);
        for (byte[] b : encoded) {
            at = Varint.write(b.length, out, at);
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    static long addedAt(byte[] value) {
        return ByteBuffer.wrap(value).getLong(0);
    }

    static long seq(byte[] value) {
        return ByteBuffer.wrap(value).getLong(8);
    }

    /**
     * The addresses of a record value. Bytes that are not what we wrote (a damaged database) give a
     * {@link FormatException} or an {@link IllegalStateException}; the store turns either into an I/O error.
     */
    static List<Multiaddr> addresses(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value, HEAD_BYTES, value.length - HEAD_BYTES);
        long n = Varint.read(in);
        List<Multiaddr> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long length = Varint.read(in);
            if (length > in.remaining()) {
                throw new IllegalStateException("address longer than its record");
            }
            byte[] b = new byte[(int) length];
            in.get(b);
            out.add(Multiaddr.fromBytes(b));
        }
        return out;
    }

    static byte[] long8(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long long8(byte[] b, long absent) {
        return b == null ? absent : ByteBuffer.wrap(b).getLong();
    }
}
