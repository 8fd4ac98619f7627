package io.cairn.core.ipld;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the links of a DAG-CBOR block (ipld/ipld {@code specs/codecs/dag-cbor/spec.md}) in one pass over its bytes,
 * without building the data model: a link is tag 42 on a byte string holding {@code 0x00} (the identity multibase
 * prefix) and then a binary CID.
 *
 * <h2>What is rejected (with {@link IpldFormatException})</h2>
 * <ul>
 *   <li>indefinite lengths and the break code (DAG-CBOR forbids them); reserved additional information 28-30;</li>
 *   <li>tags other than 42; tag 42 on anything but a byte string, or on one that lacks the {@code 0x00} prefix or
 *       does not hold exactly one CID;</li>
 *   <li>simple values other than false, true and null (so also undefined), and the one-byte simple value form;</li>
 *   <li>map keys that are not text strings;</li>
 *   <li>truncation, bytes after the top-level item, and nesting deeper than {@link #MAX_DEPTH}.</li>
 * </ul>
 * <b>Accepted</b> although a strict DAG-CBOR decoder may refuse them, because the spec's "Decode strictness" section
 * lets decoders relax them for historical data and go-ipld-prime (Kubo's decoder) does: map keys in any order,
 * integers, lengths and the tag not in their shortest form, half and single precision floats, NaN and infinities.
 * Text is not checked to be UTF-8 and duplicate map keys are not looked for: neither changes which links a block has.
 * Following more blocks than a strict decoder would only ever keeps more, never deletes what Kubo keeps.
 *
 * <p>Hostile lengths cost nothing: a string or a container longer than the bytes left is refused before anything
 * is skipped or allocated (every item takes at least one byte), and the only allocation is each link's CID, which
 * is at most as long as the block. Nesting is tracked on an explicit stack, never by recursion.
 */
final class DagCborLinks {
    /** Deepest nesting of arrays and maps accepted; far beyond any real document. */
    static final int MAX_DEPTH = 4096;

    private static final int TAG_CID = 42;

    private final byte[] b;
    private int pos;

    private DagCborLinks(byte[] block) {
        this.b = block;
    }

    /** Appends the links of {@code block}, in document order, to {@code out}. */
    static void collect(byte[] block, List<Cid> out) {
        new DagCborLinks(block).run(out);
    }

    private void run(List<Cid> out) {
        // For each open container: the items still to read (maps count keys and values), and whether it is a map.
        long[] left = new long[16];
        boolean[] isMap = new boolean[16];
        int depth = 0;
        while (true) {
            boolean keyExpected = depth > 0 && isMap[depth - 1] && (left[depth - 1] & 1) == 0;
            int start = pos;
            int initial = next();
            int major = initial >>> 5;
            long arg = argument(initial & 0x1f, major);
            if (keyExpected && major != 3) {
                throw error("map key of major type " + major + " at offset " + start + "; DAG-CBOR keys are strings");
            }
            boolean opened = false;
            switch (major) {
                case 0, 1 -> { }
                case 2, 3 -> skip(arg, start);
                case 4, 5 -> {
                    // Each item takes at least one byte: a count beyond the bytes left is a lie, refused at once.
                    long items = major == 4 ? arg : arg * 2;
                    if (arg < 0 || arg > b.length - pos || items > b.length - pos) {
                        throw error((major == 4 ? "array" : "map") + " of " + Long.toUnsignedString(arg)
                                + " entries at offset " + start + " cannot fit in the " + (b.length - pos)
                                + " bytes left");
                    }
                    if (items > 0) {
                        if (depth == MAX_DEPTH) {
                            throw error("nesting deeper than " + MAX_DEPTH + " at offset " + start);
                        }
                        if (depth == left.length) {
                            left = Arrays.copyOf(left, depth * 2);
                            isMap = Arrays.copyOf(isMap, depth * 2);
                        }
                        left[depth] = items;
                        isMap[depth] = major == 5;
                        depth++;
                        opened = true;
                    }
                }
                case 6 -> out.add(link(arg, start));
                default -> simple(initial & 0x1f, start);
            }
            if (opened) {
                continue;
            }
            // One item done: count it against its container, closing every container it completes.
            while (depth > 0 && --left[depth - 1] == 0) {
                depth--;
            }
            if (depth == 0) {
                break;
            }
        }
        if (pos != b.length) {
            throw error((b.length - pos) + " bytes after the top-level item at offset " + pos);
        }
    }

    private int next() {
        if (pos >= b.length) {
            throw error("truncated at offset " + pos);
        }
        return b[pos++] & 0xff;
    }

    /**
     * The argument of an item's head: the value for integers and simple values' floats, the length or count, or
     * the tag number. Eight-byte arguments above {@code Long.MAX_VALUE} come back negative; lengths check for that.
     */
    private long argument(int info, int major) {
        if (info < 24) {
            return info;
        }
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 31 -> throw error(major == 7 ? "break code at offset " + (pos - 1) + " (no indefinite lengths)"
                    : "indefinite length at offset " + (pos - 1) + "; DAG-CBOR forbids it");
            default -> throw error("reserved additional information " + info + " at offset " + (pos - 1));
        };
        if (b.length - pos < n) {
            throw error("truncated head at offset " + (pos - 1));
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[pos++] & 0xff);
        }
        return v;
    }

    private void skip(long length, int start) {
        if (length < 0 || length > b.length - pos) {
            throw error("string of " + Long.toUnsignedString(length) + " bytes at offset " + start
                    + " runs past the end of the block");
        }
        pos += (int) length;
    }

    private Cid link(long tag, int start) {
        if (tag != TAG_CID) {
            throw error("tag " + Long.toUnsignedString(tag) + " at offset " + start + "; DAG-CBOR allows only 42");
        }
        int headAt = pos;
        int initial = next();
        if (initial >>> 5 != 2) {
            throw error("tag 42 at offset " + start + " is not on a byte string");
        }
        long length = argument(initial & 0x1f, 2);
        int body = pos;
        skip(length, headAt);
        if (length == 0 || b[body] != 0) {
            throw error("link at offset " + start + " lacks the 0x00 multibase prefix");
        }
        try {
            return Cid.fromBytes(Arrays.copyOfRange(b, body + 1, pos));
        } catch (CidFormatException e) {
            throw new IpldFormatException("dag-cbor link at offset " + start + " is not a CID: " + e.getMessage(), e);
        }
    }

    /** Major type 7: the argument (already read) is a float's bits or a simple value. */
    private void simple(int info, int start) {
        switch (info) {
            case 20, 21, 22, 25, 26, 27 -> { }
            case 23 -> throw error("undefined at offset " + start + " is not in the IPLD data model");
            default -> throw error("simple value at offset " + start + " is not false, true or null");
        }
    }

    private static IpldFormatException error(String message) {
        return new IpldFormatException("not valid dag-cbor: " + message);
    }
}
