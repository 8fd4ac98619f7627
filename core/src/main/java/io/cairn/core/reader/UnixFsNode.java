package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsFormatException;
import io.cairn.core.unixfs.UnixFsType;

/**
 * One decoded block of a UnixFS DAG: a raw leaf, or a dag-pb node with its UnixFS data. Raw blocks read as files
 * whose content is the block.
 */
public final class UnixFsNode {
    private final Block block;
    private final PbNode pb;
    private final UnixFsData unixfs;

    private UnixFsNode(Block block, PbNode pb, UnixFsData unixfs) {
        this.block = block;
        this.pb = pb;
        this.unixfs = unixfs;
    }

    /** Decodes {@code block}; throws the codec's format exception for a malformed node. */
    public static UnixFsNode decode(Block block) {
        Cid cid = block.cid();
        if (cid.isCodec(Multicodec.RAW)) {
            return new UnixFsNode(block, null, null);
        }
        if (!cid.isCodec(Multicodec.DAG_PB)) {
            throw new UnixFsFormatException("not a UnixFS node: " + cid + " has codec "
                    + Multicodec.nameOf(cid.codec()));
        }
        // Both decoders keep views of the block's bytes: a leaf's contents are never copied to be read.
        PbNode pb = DagPb.decode(block.data());
        if (!pb.hasData()) {
            throw new UnixFsFormatException("dag-pb node " + cid + " has no UnixFS data");
        }
        return new UnixFsNode(block, pb, UnixFsData.fromBytes(pb.dataArray(), pb.dataOffset(), pb.dataLength()));
    }

    public Cid cid() {
        return block.cid();
    }

    public Block block() {
        return block;
    }

    public boolean isRaw() {
        return pb == null;
    }

    /** The UnixFS type; raw blocks report {@link UnixFsType#RAW}. */
    public UnixFsType type() {
        return unixfs == null ? UnixFsType.RAW : unixfs.type();
    }

    public boolean isFile() {
        UnixFsType t = type();
        return t == UnixFsType.FILE || t == UnixFsType.RAW;
    }

    public boolean isDirectory() {
        UnixFsType t = type();
        return t == UnixFsType.DIRECTORY || t == UnixFsType.HAMT_SHARD;
    }

    /** The dag-pb node, or {@code null} for a raw block. */
    public PbNode pb() {
        return pb;
    }

    /** The UnixFS data, or {@code null} for a raw block. */
    public UnixFsData unixfs() {
        return unixfs;
    }

    /** The file bytes held in this block itself (raw block content or UnixFS {@code Data}). */
    byte[] ownData() {
        if (pb == null) {
            return block.data();
        }
        byte[] d = unixfs.data();
        return d == null ? new byte[0] : d;
    }

    /** Length of {@link #ownData()}, without copying it. */
    int ownDataLength() {
        return pb == null ? block.size() : unixfs.dataLength();
    }

    /** File size: raw length, UnixFS {@code filesize}, or (when absent) own data plus block sizes. */
    public long fileSize() {
        if (pb == null) {
            return block.size();
        }
        if (unixfs.fileSize() != null) {
            return unixfs.fileSize();
        }
        long n = ownDataLength();
        for (long s : unixfs.blockSizes()) {
            n += s;
        }
        return n;
    }
}
