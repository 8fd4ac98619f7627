package io.cairn.core.dagpb;

import io.cairn.core.FormatException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DAG-PB codec, written by hand rather than generated so that it can be exactly as strict as the IPLD spec
 * (ipld/ipld {@code specs/codecs/dag-pb/spec.md}, "Protobuf Strictness") and so that encoding is canonical.
 *
 * <h2>Encoding</h2>
 * Each link is written as {@code Hash(1) Name(2)? Tsize(3)?}, all links ({@code PBNode} field 2) come before
 * {@code Data} (field 1), and varints are minimal. This is the byte form go-codec-dagpb, {@code @ipld/dag-pb} and
 * Kubo produce.
 *
 * <p><b>Links are never sorted here.</b> The spec asks encoders to sort links by name bytes, and go-codec-dagpb
 * sorts (stably) on encode while {@code @ipld/dag-pb} sorts in {@code prepare()} and its {@code encode()} only
 * checks the order. Cairn's encoder writes links in the order given so that decode-then-encode reproduces a block
 * exactly and so that UnixFS file links (unnamed, order meaningful) are safe by construction. Producers of named
 * links (the UnixFS directory builder) sort by UTF-8 bytes themselves; a stable sort by name is the identity on
 * the unnamed links of files, so both reference encoders agree with this one on every block Cairn builds.
 *
 * <h2>Decoding</h2>
 * Rejected with {@link DagPbFormatException} (and nothing else, whatever the input):
 * <ul>
 *   <li>any field other than {@code PBNode} 1 and 2 and {@code PBLink} 1, 2 and 3, and any wire type other than
 *       the schema's (length-delimited for Data, Links, Hash and Name; varint for Tsize);</li>
 *   <li>a second {@code Data}; {@code Links} that resume after {@code Data} once links had started (interleaved
 *       {@code Links Data Links});</li>
 *   <li>{@code PBLink} fields out of field-number order or repeated; a link without {@code Hash}; a {@code Hash}
 *       that is not exactly one CID; a {@code Name} that is not well-formed UTF-8;</li>
 *   <li>varints longer than 9 bytes (more than 63 bits), non-minimal varints, truncated varints, length prefixes
 *       that reach past the enclosing message (which also covers trailing partial fields).</li>
 * </ul>
 * {@code Data} before {@code Links} is <em>accepted</em>: the spec says decoders should accept either order
 * because old IPFS data exists in both, and go-codec-dagpb and {@code @ipld/dag-pb} both accept it (the latter
 * tests it with an "ancient ipfs block with Data before Links"). Such a block does not re-encode to the same
 * bytes. Non-minimal varints and names that are not UTF-8 are rejected although the reference decoders accept
 * them: a non-minimal varint has no canonical form, and a Java {@code String} cannot carry a name that is not
 * UTF-8 without changing it. Neither is produced by any known encoder.
 */
public final class DagPb {
    private static final int TAG_LINKS = (2 << 3) | 2;
    private static final int TAG_DATA = (1 << 3) | 2;
    private static final int TAG_HASH = (1 << 3) | 2;
    private static final int TAG_NAME = (2 << 3) | 2;
    private static final int TAG_TSIZE = 3 << 3;

    private DagPb() {}

    /** The canonical encoding of {@code node}: links in the given order, then data. */
    public static byte[] encode(PbNode node) {
        int size = encodedSize(node);
        byte[] out = new byte[size];
        int o = 0;
        for (PbLink link : node.links()) {
            out[o++] = TAG_LINKS;
            o = Varint.write(linkBodySize(link), out, o);
            o = writeLinkBody(link, out, o);
        }
        byte[] data = node.data();
        if (data != null) {
            out[o++] = TAG_DATA;
            o = Varint.write(data.length, out, o);
            System.arraycopy(data, 0, out, o, data.length);
            o += data.length;
        }
        if (o != size) {
            throw new AssertionError("DAG-PB size computation is off: " + o + " != " + size);
        }
        return out;
    }

    /** Length of {@link #encode(PbNode)} without encoding; used by size-based sharding decisions. */
    public static int encodedSize(PbNode node) {
        long size = 0;
        for (PbLink link : node.links()) {
            size += encodedLinkSize(link);
        }
        byte[] data = node.data();
        if (data != null) {
            size += 1 + Varint.size(data.length) + data.length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("DAG-PB node of " + size + " bytes does not fit in an array");
        }
        return (int) size;
    }

    /** Bytes one link adds to its node: the {@code Links} tag, the length prefix and the link message. */
    public static int encodedLinkSize(PbLink link) {
        int body = linkBodySize(link);
        return 1 + Varint.size(body) + body;
    }

    private static int linkBodySize(PbLink link) {
        int cidLen = link.hash().byteLength();
        int size = 1 + Varint.size(cidLen) + cidLen;
        byte[] name = link.nameUtf8();
        if (name != null) {
            size += 1 + Varint.size(name.length) + name.length;
        }
        if (link.tsize() != null) {
            size += 1 + Varint.size(link.tsize());
        }
        return size;
    }

    private static int writeLinkBody(PbLink link, byte[] out, int o) {
        out[o++] = TAG_HASH;
        o = Varint.write(link.hash().byteLength(), out, o);
        o = link.hash().writeTo(out, o);
        byte[] name = link.nameUtf8();
        if (name != null) {
            out[o++] = TAG_NAME;
            o = Varint.write(name.length, out, o);
            System.arraycopy(name, 0, out, o, name.length);
            o += name.length;
        }
        if (link.tsize() != null) {
            out[o++] = TAG_TSIZE;
            o = Varint.write(link.tsize(), out, o);
        }
        return o;
    }

    /**
     * Decodes a whole block. The returned node is a view: its data is the range of {@code bytes} that holds it
     * (copied only if {@link PbNode#data()} is called), so {@code bytes} is retained and must not be modified
     * afterwards, as a {@link io.cairn.core.block.Block}'s bytes never are.
     *
     * @throws DagPbFormatException for anything but a valid DAG-PB block (see the class comment)
     */
    public static PbNode decode(byte[] bytes) {
        Reader r = new Reader(bytes, 0, bytes.length);
        List<PbLink> links = new ArrayList<>();
        int dataAt = -1;
        int dataLength = 0;
        boolean linksClosed = false;
        while (r.hasMore()) {
            long tag = r.varint("PBNode field tag");
            long field = tag >>> 3;
            int wireType = (int) (tag & 7);
            if (field != 1 && field != 2) {
                throw new DagPbFormatException("PBNode: unknown field " + field + " (only Data=1 and Links=2)");
            }
            if (wireType != 2) {
                throw new DagPbFormatException("PBNode: " + (field == 1 ? "Data" : "Links")
                        + " has wire type " + wireType + ", expected 2 (length-delimited)");
            }
            int len = r.length(field == 1 ? "PBNode Data" : "PBNode Links");
            if (field == 1) {
                if (dataAt >= 0) {
                    throw new DagPbFormatException("PBNode: duplicate Data");
                }
                dataAt = r.pos;
                dataLength = len;
                linksClosed = !links.isEmpty();
            } else {
                if (linksClosed) {
                    throw new DagPbFormatException("PBNode: Links resume after Data (interleaved Links Data Links)");
                }
                links.add(decodeLink(bytes, r.pos, r.pos + len, links.size()));
            }
            r.pos += len;
        }
        return dataAt < 0 ? new PbNode(links, null) : new PbNode(links, bytes, dataAt, dataLength);
    }

    private static PbLink decodeLink(byte[] bytes, int start, int end, int index) {
        Reader r = new Reader(bytes, start, end);
        Cid hash = null;
        String name = null;
        byte[] nameUtf8 = null;
        Long tsize = null;
        long lastField = 0;
        while (r.hasMore()) {
            long tag = r.varint("PBLink field tag");
            long field = tag >>> 3;
            int wireType = (int) (tag & 7);
            if (field < 1 || field > 3) {
                throw new DagPbFormatException("PBLink " + index + ": unknown field " + field);
            }
            if (field == lastField) {
                throw new DagPbFormatException("PBLink " + index + ": duplicate " + fieldName(field));
            }
            if (field < lastField) {
                throw new DagPbFormatException("PBLink " + index + ": " + fieldName(field) + " after "
                        + fieldName(lastField) + " (fields must be in order Hash, Name, Tsize)");
            }
            int expectedWire = field == 3 ? 0 : 2;
            if (wireType != expectedWire) {
                throw new DagPbFormatException("PBLink " + index + ": " + fieldName(field) + " has wire type "
                        + wireType + ", expected " + expectedWire);
            }
            lastField = field;
            if (field == 3) {
                tsize = r.varint("PBLink Tsize");
                continue;
            }
            int len = r.length("PBLink " + fieldName(field));
            if (field == 1) {
                hash = parseCid(bytes, r.pos, len, index);
            } else {
                nameUtf8 = Arrays.copyOfRange(bytes, r.pos, r.pos + len);
                name = decodeUtf8(nameUtf8, index);
            }
            r.pos += len;
        }
        if (hash == null) {
            throw new DagPbFormatException("PBLink " + index + ": missing Hash");
        }
        return new PbLink(hash, name, nameUtf8, tsize);
    }

    private static Cid parseCid(byte[] bytes, int pos, int len, int index) {
        try {
            return Cid.fromBytes(Arrays.copyOfRange(bytes, pos, pos + len));
        } catch (FormatException e) {
            throw new DagPbFormatException("PBLink " + index + ": Hash is not a CID: " + e.getMessage(), e);
        }
    }

    private static String decodeUtf8(byte[] utf8, int index) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DagPbFormatException("PBLink " + index + ": Name is not valid UTF-8", e);
        }
    }

    private static String fieldName(long field) {
        return field == 1 ? "Hash" : field == 2 ? "Name" : "Tsize";
    }

    /** A cursor over {@code bytes[pos, end)}; every read checks {@code end} before touching the array. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint(String what) {
            try {
                long v = Varint.decode(bytes, pos, end);
                pos += Varint.size(v);
                return v;
            } catch (VarintFormatException e) {
                throw new DagPbFormatException(what + ": " + e.getMessage(), e);
            }
        }

        /** Reads a length prefix and checks that many bytes remain in this message. */
        int length(String what) {
            long len = varint(what + " length");
            if (len > end - pos) {
                throw new DagPbFormatException(what + ": length " + len + " runs past the end of the message ("
                        + (end - pos) + " bytes left)");
            }
            return (int) len;
        }
    }
}
