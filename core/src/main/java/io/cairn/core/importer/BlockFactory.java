package io.cairn.core.importer;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the blocks of a UnixFS file under one set of options: leaves (raw, or dag-pb wrapping UnixFS data of a
 * given type) and internal file nodes. Thread-safe: leaves are made on the hashing pool.
 */
final class BlockFactory {
    private final int cidVersion;
    private final HashFunction hash;
    private final boolean rawLeaves;

    BlockFactory(ImportOptions options) {
        this.cidVersion = options.cidVersion();
        this.hash = options.hash();
        this.rawLeaves = options.rawLeaves();
    }

    /** A leaf holding {@code chunk}; {@code leafType} is the UnixFS type used when leaves are not raw. */
    Leaf leaf(byte[] chunk, UnixFsType leafType) {
        if (rawLeaves) {
            // Raw blocks only have a v1 form, so CIDv0 imports still get CIDv1 raw leaves (as Kubo does).
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.digest(hash, chunk));
            return new Leaf(new Block(cid, chunk), new FileLink(cid, chunk.length, chunk.length));
        }
        Block block = dagPb(encodeLeaf(chunk, leafType));
        return new Leaf(block, new FileLink(block.cid(), chunk.length, block.size()));
    }

    /**
     * The DAG-PB leaf {@code PBNode{Data: Data{Type: type, Data: chunk, filesize: len}}}, written by hand so that
     * the chunk is copied once (the general path copies it into the UnixFS builder, into the protobuf output and
     * into the DAG-PB output, allocating a chunk-sized array each time). Field order and presence are exactly what
     * {@link UnixFsData#toBytes()} and {@link DagPb#encode} produce for this node; a test checks the bytes are equal.
     */
    static byte[] encodeLeaf(byte[] chunk, UnixFsType type) {
        return encodeLeaf(chunk, 0, chunk.length, type);
    }

    /** As {@link #encodeLeaf(byte[], UnixFsType)} for the chunk {@code src[offset, offset + n)}. */
    static byte[] encodeLeaf(byte[] src, int offset, int n, UnixFsType type) {
        int head = leafHeader(n);
        byte[] out = new byte[head + n + leafTrailer(n)];
        System.arraycopy(src, offset, out, head, n);
        frameLeaf(out, n, type);
        return out;
    }

    /**
     * Bytes of a dag-pb leaf before its {@code n} data bytes: PBNode.Data's tag and length, the Type field, and
     * Data.Data's tag and length.
     */
    static int leafHeader(int n) {
        int unixfsLength = 2 + 1 + Varint.size(n) + n + 1 + Varint.size(n);
        return 1 + Varint.size(unixfsLength) + 2 + 1 + Varint.size(n);
    }

    /** Bytes of a dag-pb leaf after its {@code n} data bytes: the filesize field. */
    static int leafTrailer(int n) {
        return 1 + Varint.size(n);
    }

    /** Writes the header and trailer of a leaf whose {@code n} data bytes are already in place in {@code out}. */
    private static void frameLeaf(byte[] out, int n, UnixFsType type) {
        int unixfsLength = 2 + 1 + Varint.size(n) + n + 1 + Varint.size(n);
        int o = 0;
        out[o++] = 0x0a; // PBNode.Data, length-delimited
        o = Varint.write(unixfsLength, out, o);
        out[o++] = 0x08; // Data.Type, varint
        out[o++] = (byte) type.number();
        out[o++] = 0x12; // Data.Data, length-delimited
        o = Varint.write(n, out, o);
        o += n;
        out[o++] = 0x18; // Data.filesize, varint
        Varint.write(n, out, o);
    }

    /** Spare bytes a chunk of up to {@code maxChunk} bytes needs before it to become a leaf in place. */
    int headroom(int maxChunk) {
        return rawLeaves ? 0 : leafHeader(maxChunk);
    }

    /** Spare bytes a chunk of up to {@code maxChunk} bytes needs after it to become a leaf in place. */
    int tailroom(int maxChunk) {
        return rawLeaves ? 0 : leafTrailer(maxChunk);
    }

    /**
     * The leaf of the chunk {@code framed[headroom, framed.length - tailroom)}, from {@link
     * io.cairn.core.chunker.Chunker#nextChunk(int, int)}. When the room matches the chunk's own header and trailer
     * (every chunk of a {@code size-N} import but a short last one) the array itself becomes the block: the data is
     * neither copied again nor a second chunk-sized array allocated. Otherwise the chunk is copied as before.
     */
    Leaf leaf(byte[] framed, int headroom, int tailroom, UnixFsType leafType) {
        int n = framed.length - headroom - tailroom;
        if (rawLeaves) {
            return leaf(headroom == 0 && tailroom == 0 ? framed
                    : Arrays.copyOfRange(framed, headroom, headroom + n), leafType);
        }
        byte[] bytes;
        if (headroom == leafHeader(n) && tailroom == leafTrailer(n)) {
            frameLeaf(framed, n, leafType);
            bytes = framed;
        } else {
            bytes = encodeLeaf(framed, headroom, n, leafType);
        }
        Block block = dagPb(bytes);
        return new Leaf(block, new FileLink(block.cid(), n, block.size()));
    }

    /** The leaf of an empty file: an empty raw block, or a UnixFS file with no data. */
    Leaf emptyLeaf() {
        if (rawLeaves) {
            return leaf(new byte[0], UnixFsType.FILE);
        }
        // Kubo builds this node with nil data, so the UnixFS Data field is absent rather than empty.
        byte[] unixfs = UnixFsData.builder(UnixFsType.FILE).fileSize(0L).build().toBytes();
        Block block = dagPb(DagPb.encode(new PbNode(List.of(), unixfs)));
        return new Leaf(block, new FileLink(block.cid(), 0, block.size()));
    }

    /** An internal UnixFS file node over {@code children}, in order. */
    Leaf fileNode(List<FileLink> children) {
        long[] blockSizes = new long[children.size()];
        List<PbLink> links = new ArrayList<>(children.size());
        long fileSize = 0;
        long childTsize = 0;
        for (int i = 0; i < children.size(); i++) {
            FileLink c = children.get(i);
            blockSizes[i] = c.fileSize();
            fileSize += c.fileSize();
            childTsize += c.tsize();
            links.add(PbLink.of(c.cid(), "", c.tsize()));
        }
        byte[] unixfs = UnixFsData.builder(UnixFsType.FILE).fileSize(fileSize).blockSizes(blockSizes).build()
                .toBytes();
        Block block = dagPb(DagPb.encode(new PbNode(links, unixfs)));
        return new Leaf(block, new FileLink(block.cid(), fileSize, block.size() + childTsize));
    }

    Block dagPb(byte[] bytes) {
        Multihash mh = Multihash.digest(hash, bytes);
        Cid cid = cidVersion == 0 ? Cid.v0(mh) : Cid.v1(Multicodec.DAG_PB, mh);
        return new Block(cid, bytes);
    }

    /** A block and the link a parent makes to it. */
    record Leaf(Block block, FileLink link) {}
}
