package io.cairn.core.car;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The DAG-CBOR subset a CAR header needs: one map with the text keys {@code roots} (an array of tag-42 CIDs) and
 * {@code version} (an unsigned integer), and nothing else.
 *
 * <p>Encoding is canonical DAG-CBOR: shortest-form heads, map keys sorted length-first then bytewise (so
 * {@code roots} precedes {@code version}), and each CID as tag 42 around a byte string holding {@code 0x00} (the
 * identity multibase prefix) followed by the binary CID.
 *
 * <p>Decoding accepts only canonical DAG-CBOR of that shape: it rejects non-shortest heads, indefinite lengths,
 * keys out of canonical order, duplicate or unknown keys, any other type or tag, and trailing bytes. @ipld/car
 * agrees on all of these except key order, which it does not check; we reject it because DAG-CBOR requires it and
 * every known writer (go-car, @ipld/car) sorts the keys.
 */
final class CarHeaderCodec {
    private static final int MAJOR_UINT = 0;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int TAG_CID = 42;
    private static final String[] KIND = {
        "unsigned integer", "negative integer", "byte string", "text string", "array", "map", "tag", "simple/float"
    };

    private static final byte[] ROOTS = "roots".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = "version".getBytes(StandardCharsets.US_ASCII);

    /**
     * A decoded header: {@code roots} is {@code null} when the key is absent (as in the CARv2 pragma
     * {@code {"version": 2}}); it is unmodifiable otherwise.
     */
    record Header(long version, List<Cid> roots) {}

    private CarHeaderCodec() {}

    /** The CBOR bytes of {@code {"roots": roots, "version": 1}}, without the varint length prefix. */
    static byte[] encodeV1(List<Cid> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + roots.size() * 40);
        writeHead(out, MAJOR_MAP, 2);
        writeHead(out, MAJOR_TEXT, ROOTS.length);
        out.writeBytes(ROOTS);
        writeHead(out, MAJOR_ARRAY, roots.size());
        for (Cid cid : roots) {
            writeHead(out, MAJOR_TAG, TAG_CID);
            writeHead(out, MAJOR_BYTES, 1 + cid.byteLength());
            out.write(0);
            out.writeBytes(cid.toBytes());
        }
        writeHead(out, MAJOR_TEXT, VERSION.length);
        out.writeBytes(VERSION);
        writeHead(out, MAJOR_UINT, 1);
        return out.toByteArray();
    }

    private static void writeHead(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            writeBigEndian(out, value, 2);
        } else if (value < 0x1_0000_0000L) {
            out.write(m | 26);
            writeBigEndian(out, value, 4);
        } else {
            out.write(m | 27);
            writeBigEndian(out, value, 8);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /** Decodes a header block; every way it can be malformed raises {@link CarFormatException}. */
    static Header decode(byte[] bytes) {
        Decoder d = new Decoder(bytes);
        long entries = d.head(MAJOR_MAP, "CAR header");
        Long version = null;
        List<Cid> roots = null;
        byte[] previousKey = null;
        for (long i = 0; i < entries; i++) {
            byte[] key = d.text("CAR header key");
            if (previousKey != null) {
                int order = compareCanonical(previousKey, key);
                if (order == 0) {
                    throw new CarFormatException("CAR header repeats the key '" + printable(key) + "'");
                }
                if (order > 0) {
                    throw new CarFormatException("CAR header keys are not in DAG-CBOR canonical order: '"
                            + printable(key) + "' follows '" + printable(previousKey) + "'");
                }
            }
            previousKey = key;
            if (Arrays.equals(key, ROOTS)) {
                roots = d.roots();
            } else if (Arrays.equals(key, VERSION)) {
                version = d.head(MAJOR_UINT, "CAR header version");
            } else {
                throw new CarFormatException("CAR header has an unknown key '" + printable(key) + "'");
            }
        }
        if (d.pos != bytes.length) {
            throw new CarFormatException((bytes.length - d.pos) + " trailing bytes after the CAR header map");
        }
        if (version == null) {
            throw new CarFormatException("CAR header has no version");
        }
        return new Header(version, roots);
    }

    /** DAG-CBOR's map key order: shorter keys first, equal lengths bytewise (unsigned). */
    private static int compareCanonical(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }

    private static String printable(byte[] key) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < key.length && i < 40; i++) {
            int c = key[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return key.length > 40 ? s + "..." : s.toString();
    }

    /** A cursor over the header bytes. Every length is checked against what remains before anything is sized. */
    private static final class Decoder {
        private final byte[] b;
        private int pos;

        Decoder(byte[] b) {
            this.b = b;
        }

        /**
         * Reads a data item head of the expected major type and returns its argument (the value, length or count),
         * rejecting any encoding longer than the shortest one, reserved additional-info values and indefinite
         * lengths, none of which DAG-CBOR allows.
         */
        long head(int expectedMajor, String what) {
            int initial = nextByte(what);
            int major = initial >>> 5;
            int info = initial & 0x1F;
            if (major != expectedMajor) {
                throw new CarFormatException(what + " must be of CBOR type " + KIND[expectedMajor] + ", found "
                        + KIND[major]);
            }
            if (info < 24) {
                return info;
            }
            if (info == 31) {
                throw new CarFormatException(what + " uses an indefinite length, which DAG-CBOR forbids");
            }
            if (info > 27) {
                throw new CarFormatException(what + " has reserved CBOR additional information " + info);
            }
            int size = 1 << (info - 24);
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = (value << 8) | nextByte(what);
            }
            long smallest = size == 1 ? 24 : 1L << (4 * size);
            if (size == 8 && value < 0) {
                throw new CarFormatException(what + " is larger than 2^63-1");
            }
            if (value < smallest) {
                throw new CarFormatException(what + " is not in DAG-CBOR's shortest form (" + value + " in "
                        + size + " bytes)");
            }
            return value;
        }

        byte[] text(String what) {
            long length = head(MAJOR_TEXT, what);
            return take(length, what);
        }

        List<Cid> roots() {
            long count = head(MAJOR_ARRAY, "CAR header roots");
            // Each CID takes several bytes, so a count beyond the remaining bytes cannot be honest; checking it
            // first keeps a hostile count from sizing the list.
            if (count > b.length - pos) {
                throw new CarFormatException("CAR header claims " + count + " roots in " + (b.length - pos)
                        + " bytes");
            }
            List<Cid> roots = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                String what = "CAR header root " + i;
                long tag = head(MAJOR_TAG, what);
                if (tag != TAG_CID) {
                    throw new CarFormatException(what + " has CBOR tag " + tag + ", not 42 (CID)");
                }
                byte[] bytes = take(head(MAJOR_BYTES, what), what);
                if (bytes.length == 0 || bytes[0] != 0) {
                    throw new CarFormatException(what + " lacks the 0x00 multibase prefix of a DAG-CBOR CID");
                }
                try {
                    roots.add(Cid.fromBytes(Arrays.copyOfRange(bytes, 1, bytes.length)));
                } catch (CidFormatException e) {
                    throw new CarFormatException(what + " is not a valid CID: " + e.getMessage(), e);
                }
            }
            return Collections.unmodifiableList(roots);
        }

        private byte[] take(long length, String what) {
            if (length > b.length - pos) {
                throw new CarFormatException(what + " claims " + length + " bytes but the header has only "
                        + (b.length - pos) + " left");
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }

        private int nextByte(String what) {
            if (pos >= b.length) {
                throw new CarFormatException("CAR header ends inside " + what);
            }
            return b[pos++] & 0xFF;
        }
    }
}
