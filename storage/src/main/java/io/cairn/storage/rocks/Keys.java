package io.cairn.storage.rocks;

import io.cairn.core.FormatException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.Varint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte layout of keys and values in every column family. A multihash is self-delimiting (code, length,
 * digest), so a {@code refs} key {@code multihash ++ varint(codec)} never has another multihash as a prefix: all of
 * a block's {@code refs} entries sit together right after its bare multihash.
 */
final class Keys {
    static final byte[] META_OBJECTS = "objects".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_BYTES = "bytes".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_FORMAT = "format".getBytes(StandardCharsets.US_ASCII);
    /**
     * 3: large blocks may live in pack files ({@link PackFiles}), their {@code sizes} entries holding where. 2: {@code
     * refs} count the links of dag-pb, dag-cbor and dag-json blocks; 1 counted dag-pb links only. A store of format 1
     * or 2 is upgraded when opened for writing ({@link FormatUpgrade}); 2 to 3 only writes the new number, since a
     * format-2 block is where format 3 looks first.
     */
    static final String FORMAT_VERSION = "3";
    /** {@code meta} keys {@code pack/ ++ u64be(id)}: the live record bytes of a pack ({@code uint64add}). */
    static final byte[] META_PACK_PREFIX = "pack/".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EMPTY = new byte[0];
    /**
     * {@code meta} keys {@code uncounted/ ++ refs key}: a deep-live block whose links are not counted, because it was
     * missing (or corrupt) when {@link FormatUpgrade} counted it. Present exactly while its deep count is positive.
     */
    static final byte[] META_UNCOUNTED_PREFIX = "uncounted/".getBytes(StandardCharsets.US_ASCII);

    private static final byte PIN_RECURSIVE = 1;
    private static final byte PIN_DIRECT = 2;

    private Keys() {}

    static boolean isIdentity(Multihash mh) {
        return mh.code() == Multicodec.IDENTITY.code();
    }

    /** The {@code refs} key of a CID: its multihash and its codec (so a CIDv0 and its v1 share one entry). */
    static byte[] ref(Cid cid) {
        Multihash mh = cid.multihash();
        byte[] key = new byte[mh.byteLength() + Varint.size(cid.codec())];
        Varint.write(cid.codec(), key, mh.writeTo(key, 0));
        return key;
    }

    /** The {@code meta} key marking {@code cid}'s links as not counted. */
    static byte[] uncounted(Cid cid) {
        byte[] ref = ref(cid);
        byte[] key = Arrays.copyOf(META_UNCOUNTED_PREFIX, META_UNCOUNTED_PREFIX.length + ref.length);
        System.arraycopy(ref, 0, key, META_UNCOUNTED_PREFIX.length, ref.length);
        return key;
    }

    /** Whether {@code key} (a {@code refs} key) belongs to the multihash whose bytes are {@code mh}. */
    static boolean refBelongsTo(byte[] key, byte[] mh) {
        return key.length > mh.length && Arrays.equals(key, 0, mh.length, mh, 0, mh.length);
    }

    /** {@code refs} value: {@code varint(deep) varint(direct)}; see {@link RefChanges}. */
    static byte[] refValue(long deep, long direct) {
        byte[] v = new byte[Varint.size(deep) + Varint.size(direct)];
        Varint.write(direct, v, Varint.write(deep, v, 0));
        return v;
    }

    /** The two counts of a {@code refs} value, {@code {deep, direct}}. */
    static long[] parseRefValue(byte[] value) throws IOException {
        try {
            long deep = Varint.decode(value, 0);
            int o = Varint.size(deep);
            long direct = o < value.length ? Varint.decode(value, o) : 0;
            return new long[] {deep, direct};
        } catch (FormatException e) {
            throw new IOException("corrupt reference count record: " + e.getMessage(), e);
        }
    }

    static byte[] sizeValue(long size) {
        return Varint.encode(size);
    }

    /** A packed block's {@code sizes} value: its size, then its pack and the offset of its record there. */
    static byte[] sizeValue(long size, long pack, long offset) {
        byte[] out = new byte[Varint.size(size) + Varint.size(pack) + Varint.size(offset)];
        int o = Varint.write(size, out, 0);
        Varint.write(offset, out, Varint.write(pack, out, o));
        return out;
    }

    /** A {@code sizes} value: the block's size, and where its record is when it is packed. */
    record SizeEntry(long size, long pack, long offset) {
        boolean packed() {
            return pack > 0;
        }
    }

    static SizeEntry parseSizeEntry(byte[] value) throws IOException {
        try {
            long size = Varint.decode(value, 0);
            int o = Varint.size(size);
            if (o == value.length) {
                return new SizeEntry(size, 0, 0);
            }
            long pack = Varint.decode(value, o);
            o += Varint.size(pack);
            return new SizeEntry(size, pack, Varint.decode(value, o));
        } catch (FormatException e) {
            throw new IOException("corrupt block size record: " + e.getMessage(), e);
        }
    }

    static byte[] packLive(long pack) {
        byte[] key = Arrays.copyOf(META_PACK_PREFIX, META_PACK_PREFIX.length + 8);
        for (int i = 0; i < 8; i++) {
            key[key.length - 1 - i] = (byte) (pack >>> (8 * i));
        }
        return key;
    }

    static long parseSize(byte[] value) throws IOException {
        try {
            return Varint.decode(value, 0);
        } catch (FormatException e) {
            throw new IOException("corrupt block size record: " + e.getMessage(), e);
        }
    }

    /** {@code pins} value: a type byte, then the name's UTF-8 bytes after a 1 (or nothing more without a name). */
    static byte[] pinValue(PinType type, String name) {
        byte t = switch (type) {
            case RECURSIVE -> PIN_RECURSIVE;
            case DIRECT -> PIN_DIRECT;
            default -> throw new IllegalArgumentException("only recursive and direct pins are stored, not " + type);
        };
        if (name == null) {
            return new byte[] {t};
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[2 + n.length];
        v[0] = t;
        v[1] = 1;
        System.arraycopy(n, 0, v, 2, n.length);
        return v;
    }

    static Pin parsePin(byte[] key, byte[] value) throws IOException {
        Cid cid;
        try {
            cid = Cid.fromBytes(key);
        } catch (FormatException e) {
            throw new IOException("corrupt pin key: " + e.getMessage(), e);
        }
        if (value.length == 0 || (value[0] != PIN_RECURSIVE && value[0] != PIN_DIRECT)) {
            throw new IOException("corrupt pin record for " + cid);
        }
        PinType type = value[0] == PIN_RECURSIVE ? PinType.RECURSIVE : PinType.DIRECT;
        String name = value.length > 1 ? new String(value, 2, value.length - 2, StandardCharsets.UTF_8) : null;
        return new Pin(cid, type, name);
    }

    /** Little-endian 64-bit, the encoding of RocksDB's {@code uint64add} merge operator. */
    static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static long parseLe64(byte[] b) throws IOException {
        if (b == null) {
            return 0;
        }
        if (b.length != 8) {
            throw new IOException("corrupt counter of " + b.length + " bytes");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
